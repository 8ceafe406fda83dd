/**
 * SSH key material, parsed for what it is: the OpenSSH wire format read field by field and
 * each key handed to Node's crypto (`createPublicKey`, `createPrivateKey`), which refuses a
 * point off its curve or a body of the wrong length. Never a character pattern.
 *
 * Rule: no message here quotes the value it checks.
 * Why: the value may be a private key given in the wrong field.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

export const PUBLIC_KEY_TYPES = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"] as const;

const EC_CURVES: Record<string, { readonly jwk: string; readonly bytes: number }> = {
    nistp256: { jwk: "P-256", bytes: 32 },
    nistp384: { jwk: "P-384", bytes: 48 },
    nistp521: { jwk: "P-521", bytes: 66 },
};

/** OpenSSH refuses shorter RSA keys (RequiredRSASize). */
const MIN_RSA_BITS = 1024;

export const PRIVATE_KEY_IN_PUBLIC_FIELD =
    "is a private key: give its public key line instead (the .pub file, 'ssh-ed25519 AAAA...'); the private key was not printed";

/** An error of a key check: its message is safe to print. */
export class KeyError extends Error {}

/** Text that carries a private key, whatever its format. */
export function looksLikePrivateKey(text: string): boolean {
    return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|PuTTY-User-Key-File|b3BlbnNzaC1rZXktdjE/.test(text);
}

/** A parsed public key: the canonical `type base64` line and the key itself. */
export interface PublicKey {
    readonly type: string;
    /** `type base64`, without the comment. */
    readonly line: string;
    readonly blob: Buffer;
    readonly key: KeyObject;
}

/** Reads the length-prefixed fields of the SSH wire format. */
class WireReader {
    private offset = 0;
    constructor(private readonly data: Buffer) {}

    uint32(): number {
        if (this.offset + 4 > this.data.length) throw new KeyError("is truncated");
        const value = this.data.readUInt32BE(this.offset);
        this.offset += 4;
        return value;
    }

    bytes(): Buffer {
        const length = this.uint32();
        if (this.offset + length > this.data.length) throw new KeyError("is truncated");
        const value = this.data.subarray(this.offset, this.offset + length);
        this.offset += length;
        return value;
    }

    text(): string {
        return this.bytes().toString("latin1");
    }

    get done(): boolean {
        return this.offset === this.data.length;
    }

    rest(): Buffer {
        return this.data.subarray(this.offset);
    }
}

function strictBase64(text: string): Buffer {
    if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
        throw new KeyError("is not valid base64");
    }
    return Buffer.from(text, "base64");
}

const b64url = (data: Buffer) => data.toString("base64url");

/** The key a public-key blob holds; throws KeyError when the blob is not a key of `type`. */
function keyOfBlob(type: string, blob: Buffer): KeyObject {
    const reader = new WireReader(blob);
    if (reader.text() !== type) throw new KeyError(`does not decode to a ${type} key (its body names another type)`);
    let key: KeyObject;
    try {
        if (type === "ssh-ed25519") {
            const point = reader.bytes();
            if (point.length !== 32) throw new KeyError("is truncated or corrupt: an ed25519 key is 32 bytes");
            key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: b64url(point) }, format: "jwk" });
        } else if (type.startsWith("ecdsa-sha2-")) {
            const curveName = reader.text();
            const curve = EC_CURVES[curveName];
            const point = reader.bytes();
            if (!curve || `ecdsa-sha2-${curveName}` !== type) throw new KeyError(`does not decode to a ${type} key (its curve differs)`);
            if (point.length !== 1 + 2 * curve.bytes || point[0] !== 4) throw new KeyError("is truncated or corrupt: not an uncompressed curve point");
            const x = point.subarray(1, 1 + curve.bytes);
            const y = point.subarray(1 + curve.bytes);
            key = createPublicKey({ key: { kty: "EC", crv: curve.jwk, x: b64url(x), y: b64url(y) }, format: "jwk" });
        } else {
            const e = reader.bytes();
            const n = reader.bytes();
            key = createPublicKey({ key: { kty: "RSA", e: b64url(stripZero(e)), n: b64url(stripZero(n)) }, format: "jwk" });
            const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
            if (bits < MIN_RSA_BITS) throw new KeyError(`is an RSA key of ${bits} bits; OpenSSH needs at least ${MIN_RSA_BITS}`);
        }
    } catch (err) {
        if (err instanceof KeyError) throw err;
        throw new KeyError(`does not decode to a valid ${type} key`);
    }
    if (!reader.done) throw new KeyError(`does not decode to a ${type} key (bytes left over)`);
    return key;
}

function stripZero(mpint: Buffer): Buffer {
    let i = 0;
    while (i < mpint.length - 1 && mpint[i] === 0) i++;
    return mpint.subarray(i);
}

/**
 * Parses an OpenSSH public key line, `ssh-ed25519 AAAA... comment`. Surrounding white space,
 * such as the newline ending a `.pub` file, is ignored. Throws KeyError.
 */
export function parsePublicKey(text: string): PublicKey {
    if (looksLikePrivateKey(text)) throw new KeyError(PRIVATE_KEY_IN_PUBLIC_FIELD);
    const trimmed = text.trim();
    if (trimmed.includes("\n")) throw new KeyError("must be one public key line");
    const [type, body] = trimmed.split(/\s+/);
    if (!(PUBLIC_KEY_TYPES as readonly string[]).includes(type ?? "")) {
        throw new KeyError(`must be an SSH public key line such as 'ssh-ed25519 AAAA...' (type one of ${PUBLIC_KEY_TYPES.join(", ")})`);
    }
    if (body === undefined) throw new KeyError("has no key after its type");
    const blob = strictBase64(body);
    const key = keyOfBlob(type, blob);
    return { type, line: `${type} ${body}`, blob, key };
}

/** A parsed private key and the public key it holds. */
export interface PrivateKey {
    readonly publicKey: KeyObject;
}

const OPENSSH_MAGIC = Buffer.from("openssh-key-v1\0", "latin1");

/**
 * Parses an unencrypted private key: OpenSSH's own format or PEM (PKCS#1, PKCS#8, SEC1).
 * The deploy runs unattended, so a key that needs a passphrase is refused. Throws KeyError.
 */
export function parsePrivateKey(text: string): PrivateKey {
    const trimmed = text.trim();
    const openssh = /^-----BEGIN OPENSSH PRIVATE KEY-----\s+([A-Za-z0-9+/=\s]+?)\s*-----END OPENSSH PRIVATE KEY-----$/.exec(trimmed);
    if (openssh) return parseOpenSshPrivateKey(strictBase64(openssh[1].replace(/\s+/g, "")));
    if (!/^-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(trimmed)) {
        throw new KeyError(
            /^(ssh-|ecdsa-)/.test(trimmed)
                ? "is a public key line: give the private key (the file without .pub)"
                : "must be an OpenSSH private key ('-----BEGIN OPENSSH PRIVATE KEY-----...')",
        );
    }
    if (/ENCRYPTED/.test(trimmed)) throw new KeyError("is encrypted with a passphrase; the deploy needs a key without one");
    try {
        return { publicKey: createPublicKey(createPrivateKey(trimmed)) };
    } catch {
        throw new KeyError("is not a readable private key (truncated or corrupt)");
    }
}

function parseOpenSshPrivateKey(data: Buffer): PrivateKey {
    if (!data.subarray(0, OPENSSH_MAGIC.length).equals(OPENSSH_MAGIC)) throw new KeyError("is not an OpenSSH private key (bad header)");
    const reader = new WireReader(data.subarray(OPENSSH_MAGIC.length));
    const cipher = reader.text();
    reader.text(); // kdf name
    reader.bytes(); // kdf options
    if (cipher !== "none") throw new KeyError("is encrypted with a passphrase; the deploy needs a key without one");
    if (reader.uint32() !== 1) throw new KeyError("must hold exactly one key");
    const blob = reader.bytes();
    const type = new WireReader(blob).text();
    if (!(PUBLIC_KEY_TYPES as readonly string[]).includes(type)) throw new KeyError(`holds a key of an unsupported type (${PUBLIC_KEY_TYPES.join(", ")})`);
    const publicKey = keyOfBlob(type, blob);
    const secret = new WireReader(reader.bytes());
    if (secret.uint32() !== secret.uint32()) throw new KeyError("is corrupt (its check numbers differ)");
    if (secret.text() !== type) throw new KeyError("is corrupt (its private part names another key type)");
    return { publicKey };
}

/** Whether a private key and a public key are one pair. */
export function isKeyPair(privateKey: PrivateKey, publicKey: PublicKey): boolean {
    const der = (k: KeyObject) => k.export({ type: "spki", format: "der" });
    return der(privateKey.publicKey).equals(der(publicKey.key));
}

/** The message a key check gives for `text`, or undefined when it is a good public key. */
export function publicKeyProblem(text: string): string | undefined {
    try {
        parsePublicKey(text);
        return undefined;
    } catch (err) {
        if (err instanceof KeyError) return err.message;
        throw err;
    }
}
