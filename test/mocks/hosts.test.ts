import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ElementWeb, ExistingNixosHost, HetznerNixosHost, MatrixHomeserver } from "../../sdk/components";
import { STATE_MOUNT_POINT } from "../../sdk/nixos";
import { SpecError } from "../../sdk/spec/errors";
import { drainRegistrations } from "../../sdk/synth/run-program";
import { Testing, type TestRun } from "../../sdk/synth/testing";
import { ed25519KeyPair } from "../fixtures/ssh-keys";
import { COMMAND, named, ofType, plainStrings, unwrap } from "./harness";

const PAIR = ed25519KeyPair("ops@example");
const KEY = PAIR.publicKey;
const PRIVATE = PAIR.privateKey;
/** A line of the private key's body: it must never appear outside a secret. */
const PRIVATE_BODY = PRIVATE.split("\n")[1];

describe("Hetzner hosts", () => {
    it("uploads a deploy key given by the user once, shared by every host, and keeps its private half secret", async () => {
        const run = await Testing.run(() => {
            new HetznerNixosHost("a", { deployPrivateKey: pulumi.secret(PRIVATE), deployPublicKey: KEY });
            new HetznerNixosHost("b", { deployPrivateKey: pulumi.secret(PRIVATE), deployPublicKey: KEY });
            new MatrixHomeserver("hs", { host: "a", serverName: "example.org", domain: "matrix.example.org" });
            new ElementWeb("element", { host: "b", domain: "element.example.org", homeserver: "hs" });
        });
        const keys = ofType(run, "hcloud:index/sshKey:SshKey");
        expect(keys).toHaveLength(1);
        expect(keys[0].inputs.publicKey).toBe(KEY);
        expect(ofType(run, "tls:index/privateKey:PrivateKey").map((k) => k.name).sort()).toEqual(["a-host-key", "b-host-key"]);
        for (const server of ofType(run, "hcloud:index/server:Server")) expect(server.dependencies).toContain(keys[0].urn);
        const everything = run.resources.flatMap((r) => plainStrings(r.inputs)).join("\n");
        expect(everything).not.toContain(PRIVATE_BODY);
        const params = run.files["hosts/a/etc-nixos/nixos-matrix/params.json"];
        expect(params).toContain(KEY.split(" ").slice(0, 2).join(" "));
    });

    it("generates a deploy key and a host key per host, and pins the host key in the connection and the bundle", async () => {
        const run = await Testing.run(() => {
            new MatrixHomeserver("hs", { serverName: "example.org", domain: "matrix.example.org" });
        });
        expect(ofType(run, "tls:index/privateKey:PrivateKey").map((k) => [k.name, k.inputs.algorithm])).toEqual([
            ["hs-deploy-key", "ED25519"],
            ["hs-host-key", "ED25519"],
        ]);
        const connection = unwrap(named(run, "command:remote:Command", "hs-wait").inputs.connection) as Record<string, string>;
        expect(run.files["hosts/hs/etc-nixos/nixos-matrix/params.json"]).toContain(connection.hostKey);
        const userData = unwrap(named(run, "hcloud:index/server:Server", "hs-server").inputs.userData) as string;
        expect(userData).toContain(`ed25519_public: ${connection.hostKey}`);
    });

    it("takes a mirror of nixos-infect and refuses a deploy key without its public half", async () => {
        const run = await Testing.run(() => {
            new HetznerNixosHost("m", {
                nixosInfectUrl: "https://mirror.example.org/nixos-infect",
                nixosInfectSha256: "a".repeat(64),
            });
            new MatrixHomeserver("hs", { host: "m", serverName: "example.org", domain: "matrix.example.org" });
        });
        const userData = unwrap(named(run, "hcloud:index/server:Server", "m-server").inputs.userData) as string;
        expect(userData).toContain("NIXOS_INFECT_URL=https://mirror.example.org/nixos-infect");
        expect(userData).toContain(`NIXOS_INFECT_SHA256=${"a".repeat(64)}`);

        await Testing.start();
        expect(() => new HetznerNixosHost("x", { deployPrivateKey: PRIVATE })).toThrow(SpecError);
        expect(() => new HetznerNixosHost("x", { deployPrivateKey: PRIVATE })).toThrow(
            'HetznerNixosHost "x".deployPublicKey: give deployPrivateKey and deployPublicKey together, or neither',
        );
    });

    it("refuses hosts in two network zones before creating anything", async () => {
        const cloud = await Testing.start();
        new HetznerNixosHost("eu", { location: "nbg1" });
        new HetznerNixosHost("us", { location: "ash" });
        new MatrixHomeserver("hs", { host: "eu", serverName: "example.org", domain: "matrix.example.org" });
        new ElementWeb("element", { host: "us", domain: "element.example.org", homeserver: "hs" });
        const error = await Testing.settle().catch((err: unknown) => err);
        expect((error as SpecError).message).toContain('HetznerNixosHost "us".location: is in network zone us-east');
        await drainRegistrations();
        expect(cloud.resources.filter((r) => r.custom)).toEqual([]);
    });
});

describe("state Volume", () => {
    const VOLUME = "hcloud:index/volume:Volume";
    const SERVER = "hcloud:index/server:Server";

    function stateVolume(run: TestRun, host: string): unknown {
        return JSON.parse(run.files[`hosts/${host}/etc-nixos/nixos-matrix/params.json`]).stateVolume;
    }

    it("is attached to its own server, formatted, left to NixOS to mount, and its id reaches that host's bundle", async () => {
        const run = await Testing.run(() => {
            new HetznerNixosHost("a", {});
            new HetznerNixosHost("b", { volumeSizeGb: 0 });
            new MatrixHomeserver("hs", { host: "a", serverName: "example.org", domain: "matrix.example.org" });
            new ElementWeb("element", { host: "b", domain: "element.example.org", homeserver: "hs" });
        });
        expect(ofType(run, VOLUME).map((v) => v.name)).toEqual(["a-state"]);
        const volume = named(run, VOLUME, "a-state");
        expect(volume.inputs).toMatchObject({ size: 20, format: "ext4", automount: false, deleteProtection: true });
        expect(volume.dependencies).toContain(named(run, SERVER, "a-server").urn);
        expect(volume.dependencies).not.toContain(named(run, SERVER, "b-server").urn);
        // The same number as the server's network attachment: hcloud wants the id as a number.
        expect(typeof volume.inputs.serverId).toBe("number");
        expect(volume.inputs.serverId).toBe(named(run, "hcloud:index/serverNetwork:ServerNetwork", "a-network").inputs.serverId);
        // Its id is the mock cloud's placeholder: the bundle names the device by it.
        const device = (stateVolume(run, "a") as { device: string }).device;
        expect(device).toMatch(/^\/dev\/disk\/by-id\/scsi-0HC_Volume_\d+$/);
        expect(stateVolume(run, "a")).toEqual({ device, mountPoint: STATE_MOUNT_POINT });
        expect(stateVolume(run, "b")).toBeNull();
        // The wait step waits for the attached Volume too.
        expect(named(run, COMMAND, "a-wait").dependencies).toContain(volume.urn);

        const replaced = await Testing.run(
            () => {
                new HetznerNixosHost("a", {});
                new HetznerNixosHost("b", { volumeSizeGb: 0 });
                new MatrixHomeserver("hs", { host: "a", serverName: "example.org", domain: "matrix.example.org" });
                new ElementWeb("element", { host: "b", domain: "element.example.org", homeserver: "hs" });
            },
            { replacedResources: ["a-state"] },
        );
        expect((stateVolume(replaced, "a") as { device: string }).device).not.toBe(device);
        const upload = (r: TestRun) => JSON.stringify(named(r, COMMAND, "a-upload").inputs);
        expect(upload(replaced)).not.toBe(upload(run));
        expect(JSON.stringify(named(replaced, COMMAND, "b-upload").inputs)).toBe(JSON.stringify(named(run, COMMAND, "b-upload").inputs));
    });

    it("is never created for a host you bring, whose bundle mounts nothing", async () => {
        const run = await Testing.run(() => {
            new ExistingNixosHost("own", { address: "198.51.100.9", hostKey: KEY, privateKey: pulumi.secret(PRIVATE), publicKey: KEY });
            new MatrixHomeserver("hs", { host: "own", serverName: "example.org", domain: "matrix.example.org" });
        });
        expect(ofType(run, VOLUME)).toEqual([]);
        expect(stateVolume(run, "own")).toBeNull();
    });
});

describe("homeserver data", () => {
    it("guards the server name and implementation with a protected resource unless data loss is allowed", async () => {
        const run = await Testing.run(() => {
            new MatrixHomeserver("hs", { serverName: "example.org", domain: "matrix.example.org" });
            new MatrixHomeserver("scratch", { serverName: "example.net", implementation: "conduit", allowDataLoss: true });
        });
        const guard = named(run, "random:index/randomId:RandomId", "hs-data-guard");
        expect(guard.protect).toBe(true);
        expect(guard.inputs.keepers).toEqual({ serverName: "example.org", implementation: "synapse" });
        expect(named(run, "random:index/randomId:RandomId", "scratch-data-guard").protect).toBe(false);
    });
});
