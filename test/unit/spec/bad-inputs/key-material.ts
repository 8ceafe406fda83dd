import { ecdsaPublicKey, ed25519KeyPair } from "../../../fixtures/ssh-keys";
import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

const PAIR = ed25519KeyPair();
const [TYPE, BODY] = PAIR.publicKey.split(" ");

/** SSH host keys, parsed for what they are. */
export const KEY_MATERIAL_CASES: readonly BadInput[] = [
    {
        name: "host key given the private key",
        input: variant((s) => (s.hosts[1].hostKey = PAIR.privateKey)),
        message: "hosts[1].hostKey: is a private key: give its public key line instead (the .pub file, 'ssh-ed25519 AAAA...'); the private key was not printed",
    },
    {
        name: "host key with a truncated body",
        input: variant((s) => (s.hosts[1].hostKey = `${TYPE} ${BODY.slice(0, 40)}`)),
        message: "hosts[1].hostKey: is truncated",
    },
    {
        name: "host key body not base64",
        input: variant((s) => (s.hosts[1].hostKey = `${TYPE} ${BODY.slice(0, 20)}!!${BODY.slice(22)}`)),
        message: "hosts[1].hostKey: is not valid base64",
    },
    {
        name: "host key body of another type",
        input: variant((s) => (s.hosts[1].hostKey = `ssh-rsa ${BODY}`)),
        message: "hosts[1].hostKey: does not decode to a ssh-rsa key (its body names another type)",
    },
    {
        name: "host key of base64 garbage",
        input: variant((s) => (s.hosts[1].hostKey = `ssh-ed25519 ${Buffer.from("not a key at all").toString("base64")}`)),
        message: /^hosts\[1\]\.hostKey: (is truncated|does not decode to a ssh-ed25519 key)/,
    },
    {
        name: "host key with bytes after the key",
        input: variant((s) => (s.hosts[1].hostKey = `${TYPE} ${Buffer.concat([Buffer.from(BODY, "base64"), Buffer.from([0, 0, 0, 0])]).toString("base64")}`)),
        message: "hosts[1].hostKey: does not decode to a ssh-ed25519 key (bytes left over)",
    },
    {
        name: "ecdsa host key off its curve",
        input: variant((s) => (s.hosts[1].hostKey = ecdsaPublicKey(true))),
        message: "hosts[1].hostKey: does not decode to a valid ecdsa-sha2-nistp256 key",
    },
    {
        name: "host key of an unsupported type",
        input: variant((s) => (s.hosts[1].hostKey = `ssh-dss ${BODY}`)),
        message: /^hosts\[1\]\.hostKey: must be an SSH public key line such as 'ssh-ed25519 AAAA\.\.\.'/,
    },
    {
        name: "host key of two lines",
        input: variant((s) => (s.hosts[1].hostKey = `${PAIR.publicKey}\n${PAIR.publicKey}`)),
        message: "hosts[1].hostKey: must be one public key line",
    },
];
