// needs: root
/**
 * The old signing keys step on a fleet host, over real SSH, as the components run it (the
 * full move of a real Synapse to the shared key is real-workers-signing-key.test.ts): the
 * public key it records is RFC 8032's for the seed, the record is written once and kept,
 * and no seed reaches its output.
 */
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { OldSigningKeysArgs } from "../../sdk/deploy/contract";
import { stepCommand } from "../../sdk/deploy/script-command";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { hostPath, mtimeNs, ownership, readHostFile } from "./harness/host-state";

/** RFC 8032, 7.1, TEST 1: the secret key (seed) and its public key. */
const RFC_SEED = Buffer.from("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "hex");
const RFC_PUBLIC = Buffer.from("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "hex");
/** Synapse's key file format: unpadded base64. */
const unpadded = (b: Buffer) => b.toString("base64").replace(/=+$/, "");
const SHARED_SEED = unpadded(Buffer.alloc(32, 7));

let fleet: Fleet;

beforeAll(() => {
    fleet = Fleet.start(["home", "fresh"], { withoutServiceUsers: ["fresh"] });
}, 120_000);

stopFleetAfterAll(() => fleet);

function args(host: string, dir = "/var/lib/nixos-matrix/synapse-hs-old-signing-keys"): OldSigningKeysArgs {
    return { host, ownKeyFile: "/var/lib/matrix-synapse/homeserver.signing.key", sharedKeyId: "a_workers", configDir: dir, group: "matrix-synapse" };
}

function writeOwnKey(host: string, text: string): void {
    const file = hostPath(fleet.host(host), "/var/lib/matrix-synapse/homeserver.signing.key");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text, { mode: 0o600 });
}

describe("the old signing keys step", () => {
    const file = "/var/lib/nixos-matrix/synapse-hs-old-signing-keys/old-signing-keys.yaml";

    it("without Synapse's own key makes the directory Synapse reads, and nothing in it", async () => {
        const result = await fleet.ssh("home", stepCommand("old-signing-keys", args("home")));
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toMatch(/no key at \/var\/lib\/matrix-synapse\/homeserver\.signing\.key/);
        expect(ownership(fleet.host("home"), "/var/lib/nixos-matrix/synapse-hs-old-signing-keys")).toBe("root:root 0755");
        expect(() => statSync(hostPath(fleet.host("home"), file))).toThrow();
    });

    it("records the public half of every key but the shared one, expired now, readable by Synapse only; no seed in its output", async () => {
        writeOwnKey("home", `ed25519 a_rfc1 ${unpadded(RFC_SEED)}\ned25519 a_workers ${SHARED_SEED}\n`);
        const before = Date.now();
        const result = await fleet.ssh("home", stepCommand("old-signing-keys", args("home")));
        expect(result.code, result.stderr).toBe(0);
        const written = JSON.parse(readHostFile(fleet.host("home"), file));
        expect(Object.keys(written)).toEqual(["old_signing_keys"]);
        expect(Object.keys(written.old_signing_keys)).toEqual(["ed25519:a_rfc1"]);
        expect(written.old_signing_keys["ed25519:a_rfc1"].key).toBe(unpadded(RFC_PUBLIC));
        expect(written.old_signing_keys["ed25519:a_rfc1"].expired_ts).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
        expect(written.old_signing_keys["ed25519:a_rfc1"].expired_ts).toBeLessThanOrEqual(Date.now());
        expect(ownership(fleet.host("home"), file)).toBe("root:matrix-synapse 0440");
        for (const seed of [unpadded(RFC_SEED), SHARED_SEED]) expect(result.stdout + result.stderr).not.toContain(seed);
        expect(result.stdout).toContain(unpadded(RFC_PUBLIC));
    });

    it("keeps a present record on later runs, whatever the key file holds now", async () => {
        const before = readHostFile(fleet.host("home"), file);
        const mtime = mtimeNs(fleet.host("home"), file);
        writeOwnKey("home", `ed25519 a_later ${unpadded(Buffer.alloc(32, 9))}\n`);
        const result = await fleet.ssh("home", stepCommand("old-signing-keys", args("home")));
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toMatch(/kept /);
        expect(readHostFile(fleet.host("home"), file)).toBe(before);
        expect(mtimeNs(fleet.host("home"), file)).toBe(mtime);
    });

    it("records nothing when the key file holds only the shared key", async () => {
        const dir = "/var/lib/nixos-matrix/synapse-only-shared";
        writeOwnKey("home", `ed25519 a_workers ${SHARED_SEED}\n`);
        const result = await fleet.ssh("home", stepCommand("old-signing-keys", args("home", dir)));
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toMatch(/holds only the shared key/);
        expect(() => statSync(hostPath(fleet.host("home"), `${dir}/old-signing-keys.yaml`))).toThrow();
    });

    it("fails on a seed that is no Ed25519 seed, naming the key and not the seed", async () => {
        const dir = "/var/lib/nixos-matrix/synapse-bad-seed";
        const bad = unpadded(Buffer.alloc(20, 3));
        writeOwnKey("home", `ed25519 a_bad ${bad}\n`);
        const result = await fleet.ssh("home", stepCommand("old-signing-keys", args("home", dir)));
        expect(result.code).not.toBe(0);
        expect(result.stderr).toMatch(/the seed of ed25519:a_bad is not an Ed25519 seed/);
        expect(result.stdout + result.stderr).not.toContain(bad);
        expect(() => statSync(hostPath(fleet.host("home"), `${dir}/old-signing-keys.yaml`))).toThrow();
    });

    it("refuses to write a file Synapse could not read: a key but no matrix-synapse group", async () => {
        writeOwnKey("fresh", `ed25519 a_rfc1 ${unpadded(RFC_SEED)}\n`);
        const result = await fleet.ssh("fresh", stepCommand("old-signing-keys", args("fresh")));
        expect(result.code).not.toBe(0);
        expect(result.stderr).toMatch(/group matrix-synapse does not exist/);
    });
});
