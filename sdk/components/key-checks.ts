/**
 * The checks of a host's SSH key args: each key parsed for what it is, and the private key
 * matched to the public key that every bundle keeps in root's authorized_keys (a wrong one
 * there would lock the deploy out after the first switch).
 */
import { isKeyPair, KeyError, parsePrivateKey, parsePublicKey, publicKeyProblem } from "../spec/ssh-key";
import type { ValueCheck } from "./value-checks";

function keyProblem(parse: () => unknown): string | undefined {
    try {
        parse();
        return undefined;
    } catch (err) {
        if (err instanceof KeyError) return err.message;
        throw err;
    }
}

const asText = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

export function deployKeyChecks(names: { privateKey: string; publicKey: string }, privateKey: unknown, publicKey: unknown, required: boolean): ValueCheck[] {
    return [
        {
            arg: names.privateKey,
            inputs: [privateKey],
            required,
            problem: ([value]) => {
                const text = asText(value);
                return text === undefined ? "must be a string" : keyProblem(() => parsePrivateKey(text));
            },
        },
        {
            arg: names.publicKey,
            inputs: [publicKey],
            required,
            problem: ([value]) => {
                const text = asText(value);
                return text === undefined ? "must be a string" : publicKeyProblem(text);
            },
        },
        {
            arg: names.publicKey,
            inputs: [privateKey, publicKey],
            problem: ([privateText, publicText]) => {
                const pair = keyPair(asText(privateText), asText(publicText));
                return pair === false ? `is not the public half of ${names.privateKey}: every deploy writes it to root's authorized_keys, and a wrong one locks the next deploy out` : undefined;
            },
        },
    ];
}

/** false: both keys parse and are not a pair; undefined: one of them does not parse (its own check says why). */
function keyPair(privateText: string | undefined, publicText: string | undefined): boolean | undefined {
    if (privateText === undefined || publicText === undefined) return undefined;
    try {
        return isKeyPair(parsePrivateKey(privateText), parsePublicKey(publicText));
    } catch (err) {
        if (err instanceof KeyError) return undefined;
        throw err;
    }
}
