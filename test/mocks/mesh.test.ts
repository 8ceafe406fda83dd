import { beforeAll, describe, expect, it } from "vitest";
import { mockMeshPublicKey } from "../../sdk/deploy/mesh-key-step";
import { MESH_PRIVATE_KEY_FILE } from "../../sdk/plan/mesh";
import { Testing, type TestRun } from "../../sdk/synth/testing";
import * as pulumi from "@pulumi/pulumi";
import { COMMAND, commandInputs, named, ofType, unwrap } from "./harness";
import { multiHostProgram } from "./programs";

const HOSTS = ["home", "turn", "bridges", "web"];

/** params.json as the host's upload step delivers it. */
function params(run: TestRun, host: string): Record<string, any> {
    const stdin = JSON.parse(unwrap(named(run, COMMAND, `${host}-upload`).inputs.stdin) as string) as { files: Record<string, string> };
    return JSON.parse(Buffer.from(stdin.files["nixos-matrix/params.json"], "base64").toString("utf8"));
}

/** Step names whose inputs differ between two runs, and names only one run has. */
function changes(a: TestRun, b: TestRun): { changed: string[]; added: string[]; removed: string[] } {
    const before = commandInputs(a);
    const after = commandInputs(b);
    return {
        changed: [...before.keys()].filter((n) => after.has(n) && after.get(n) !== before.get(n)).sort(),
        added: [...after.keys()].filter((n) => !before.has(n)).sort(),
        removed: [...before.keys()].filter((n) => !after.has(n)).sort(),
    };
}

describe("the mesh key steps", () => {
    let run: TestRun;
    beforeAll(async () => {
        run = await Testing.run(multiHostProgram());
    });

    it("run once per host, right after its wait, making a key only there and keeping it on update", () => {
        for (const host of HOSTS) {
            const key = named(run, COMMAND, `${host}-mesh-key`);
            expect(key.dependencies).toContain(named(run, COMMAND, `${host}-wait`).urn);
            const create = unwrap(key.inputs.create) as string;
            const update = unwrap(key.inputs.update) as string;
            expect(create).toContain(`"privateKeyFile":"${MESH_PRIVATE_KEY_FILE}","fresh":true`);
            expect(update).toContain(`"privateKeyFile":"${MESH_PRIVATE_KEY_FILE}","fresh":false`);
        }
    });

    it("come before every upload and switch whose bundle holds their public key", () => {
        for (const host of HOSTS) {
            for (const step of ["upload", "switch"]) {
                const deps = named(run, COMMAND, `${host}-${step}`).dependencies;
                for (const peer of HOSTS) expect(deps, `${host}-${step} after ${peer}-mesh-key`).toContain(named(run, COMMAND, `${peer}-mesh-key`).urn);
            }
        }
    });

    it("carry each peer's public key into the host's bundle, as plain (public) data", () => {
        for (const host of HOSTS) {
            const peers = params(run, host).mesh.peers as { host: string; publicKey: string; endpoint: string }[];
            expect(peers.map((p) => p.host)).toEqual(HOSTS.filter((h) => h !== host));
            for (const peer of peers) {
                expect(peer.publicKey).toBe(mockMeshPublicKey(peer.host));
                expect(peer.endpoint).toBe(`<ipv4 of ${peer.host}>:51820`);
            }
            expect(params(run, host).mesh.publicKey).toBe(mockMeshPublicKey(host));
            expect(pulumi.runtime.isRpcSecret(named(run, COMMAND, `${host}-upload`).inputs.stdin)).toBe(false);
        }
    });

    it("never hand a private key to Pulumi: the steps name the key file only", () => {
        const everything = JSON.stringify(ofType(run, COMMAND).map((c) => c.inputs));
        expect(everything).not.toMatch(/PrivateKey\s*=|private-key [A-Za-z0-9+/]{43}=/);
        for (const host of HOSTS) expect(params(run, host).mesh.privateKeyFile).toBe(MESH_PRIVATE_KEY_FILE);
    });
});

describe("what a mesh change re-runs", () => {
    it("adding a host changes only every other host's peer list: their uploads and switches", async () => {
        const before = await Testing.run(multiHostProgram());
        const after = await Testing.run(multiHostProgram({ extraHosts: ["extra"] }));
        const { changed, added, removed } = changes(before, after);
        expect(removed).toEqual([]);
        expect(added).toEqual(["extra-mesh-key", "extra-pin", "extra-secrets", "extra-switch", "extra-upload", "extra-wait"]);
        expect(changed.filter((n) => n !== "hs-verify")).toEqual(HOSTS.flatMap((h) => [`${h}-switch`, `${h}-upload`]).sort());
        for (const host of HOSTS) {
            const [a, b] = [params(before, host), params(after, host)];
            expect(b.mesh.peers.map((p: { host: string }) => p.host)).toEqual([...a.mesh.peers.map((p: { host: string }) => p.host), "extra"]);
            expect({ ...b, mesh: { ...b.mesh, peers: [] } }).toEqual({ ...a, mesh: { ...a.mesh, peers: [] } });
        }
    });

    it("removing a host changes only the remaining hosts' peer lists", async () => {
        const before = await Testing.run(multiHostProgram({ extraHosts: ["extra"] }));
        const after = await Testing.run(multiHostProgram());
        const { changed, added } = changes(before, after);
        expect(added).toEqual([]);
        expect(changed.filter((n) => n !== "hs-verify")).toEqual(HOSTS.flatMap((h) => [`${h}-switch`, `${h}-upload`]).sort());
    });

    it("a rotated key (its step replaced) reaches every peer in the same run, and nothing else moves", async () => {
        const before = await Testing.run(multiHostProgram());
        const after = await Testing.run(multiHostProgram(), { replacedResources: ["bridges-mesh-key"] });
        const { changed } = changes(before, after);
        const peers = HOSTS.filter((h) => h !== "bridges");
        // Its own bundle changes too: the new key restarts its interface.
        expect(changed.filter((n) => n !== "hs-verify")).toEqual(HOSTS.flatMap((h) => [`${h}-switch`, `${h}-upload`]).sort());
        expect(params(after, "bridges").mesh.publicKey).toBe(mockMeshPublicKey("bridges replaced"));
        for (const host of peers) {
            const entry = (params(after, host).mesh.peers as { host: string; publicKey: string }[]).find((p) => p.host === "bridges")!;
            expect(entry.publicKey).toBe(mockMeshPublicKey("bridges replaced"));
        }
    });
});
