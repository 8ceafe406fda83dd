/**
 * No private key reaches a rendered file or a plain resource input: every example and a
 * set of generated variations (deploy keys given plainly, shared, on Hetzner and existing
 * hosts) are scanned for private-key markers and for the keys' own bodies.
 */
import { describe, expect, it } from "vitest";
import { Bridge, ElementWeb, ExistingNixosHost, HetznerNixosHost, MatrixHomeserver, TurnServer } from "../../sdk/components";
import { looksLikePrivateKey } from "../../sdk/spec/ssh-key";
import { Testing, type TestRun } from "../../sdk/synth/testing";
import { ed25519KeyPair, type TestKeyPair } from "../fixtures/ssh-keys";
import { EXAMPLES, plainStrings, runExample, SENTINELS } from "./harness";

const MARKERS = [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, /b3BlbnNzaC1rZXktdjE/, /PuTTY-User-Key-File/];

/** Every text a run renders or hands the engine in plain: synth's files and unwrapped inputs. */
function everyPlainText(run: TestRun): string[] {
    return [...Object.values(run.files), ...run.cloud.resources.flatMap((r) => plainStrings(r.inputs))];
}

/** Lines of a private key's body long enough to be its own. */
function bodyLines(privateKey: string): string[] {
    return privateKey.split("\n").filter((line) => line.length >= 40 && !line.startsWith("-----"));
}

function expectNoPrivateKey(run: TestRun, keys: readonly string[]): void {
    const texts = everyPlainText(run);
    for (const text of texts) {
        for (const marker of MARKERS) expect(marker.test(text), `a rendered text holds ${marker}`).toBe(false);
        expect(looksLikePrivateKey(text)).toBe(false);
        for (const key of keys) for (const line of bodyLines(key)) expect(text.includes(line), "a rendered text holds a private key's body").toBe(false);
    }
}

interface Variation {
    readonly name: string;
    readonly keys: readonly TestKeyPair[];
    readonly program: (keys: readonly TestKeyPair[]) => void;
}

const services = (host: string, suffix = "") => {
    new MatrixHomeserver(`hs${suffix}`, { host, serverName: `example${suffix}.org`, domain: `matrix.example${suffix}.org` });
    new ElementWeb(`web${suffix}`, { host, domain: `chat.example${suffix}.org`, homeserver: `hs${suffix}` });
};

const VARIATIONS: readonly Variation[] = [
    {
        name: "an existing host given its private key as a plain string",
        keys: [ed25519KeyPair()],
        program: ([deploy]) => {
            new ExistingNixosHost("own", { address: "198.51.100.9", hostKey: ed25519KeyPair().publicKey, privateKey: deploy.privateKey, publicKey: `${deploy.publicKey}\n` });
            services("own");
            new TurnServer("turn", { host: "own", realm: "turn.example.org" });
        },
    },
    {
        name: "two Hetzner hosts sharing a plain deploy key, bridges on the second",
        keys: [ed25519KeyPair()],
        program: ([deploy]) => {
            for (const name of ["a", "b"]) new HetznerNixosHost(name, { deployPrivateKey: deploy.privateKey, deployPublicKey: deploy.publicKey });
            services("a");
            new Bridge("whatsapp", { type: "mautrix-whatsapp", host: "b", homeserver: "hs" });
            new Bridge("irc", { type: "matrix-appservice-irc", host: "b", homeserver: "hs", ircNetworks: [{ address: "irc.libera.chat" }] });
        },
    },
    {
        name: "a mixed fleet: each host its own key, three homeservers",
        keys: [ed25519KeyPair(), ed25519KeyPair(), ed25519KeyPair()],
        program: ([a, b, c]) => {
            new HetznerNixosHost("h1", { deployPrivateKey: a.privateKey, deployPublicKey: a.publicKey });
            new HetznerNixosHost("h2", {});
            new ExistingNixosHost("e1", { address: "198.51.100.20", privateAddress: "10.80.0.50", hostKey: c.publicKey, privateKey: b.privateKey, publicKey: b.publicKey });
            services("h1", "1");
            services("h2", "2");
            services("e1", "3");
        },
    },
];

describe("no private key in any rendered file or plain input", () => {
    it.each(EXAMPLES.map((e) => [e] as const))("example %s", async (example) => {
        const run = await runExample(example);
        expect(Object.keys(run.files).length).toBeGreaterThan(5);
        expectNoPrivateKey(run, [SENTINELS.sshPrivateKey]);
    });

    it.each(VARIATIONS.map((v) => [v.name, v] as const))("%s", async (_name, v) => {
        const run = await Testing.run(() => v.program(v.keys));
        expect(Object.keys(run.files).length).toBeGreaterThan(5);
        expectNoPrivateKey(run, v.keys.map((k) => k.privateKey));
    });

    it("can fail: a private key in a rendered file is found", () => {
        const key = ed25519KeyPair().privateKey;
        const fake = { files: { "hosts/x/etc-nixos/params.json": key }, cloud: { resources: [] } } as unknown as TestRun;
        expect(() => expectNoPrivateKey(fake, [key])).toThrow();
    });
});
