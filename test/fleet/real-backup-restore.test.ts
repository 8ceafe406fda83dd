// needs: shared, root
/**
 * The restore drill on real parts: a Synapse host (real Synapse from the sid root, Debian's
 * PostgreSQL 15) backs up with Debian's restic to an SFTP repository on another fleet host,
 * through the backup unit's own command line. Its database, media and signing key are then
 * destroyed, `nixos-matrix restore --yes` runs restore.sh over SSH, and the client API shows
 * everything back.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRestore } from "../../sdk/cli/restore";
import { shellQuote } from "../../sdk/deploy/script-command";
import type { StackSpecInput } from "../../sdk/spec/stack";
import { at } from "../nix/helpers/evaluated-fixtures";
import { evaluateBundle } from "../nix/helpers/nix-tools";
import { deployFleet } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { hostPath } from "./harness/host-state";
import { stackDeploys, type DeployedStack } from "./stack";
import { matrixRequest, registerUser } from "./real/matrix-client";
import { onDebian, resticUnitScript, type ResticBackupOptions } from "./real/restic-unit";
import { unitLog, useRealServices } from "./real/services";

const KNOWN_HOSTS_STORE_NAME = "nixos-matrix-backup-known-hosts";
const KNOWN_HOSTS_ON_HOST = "/var/lib/nixos-matrix-drill/known-hosts";
const SYNAPSE_DIR = "/var/lib/matrix-synapse";

let fleet: Fleet;
let stack: DeployedStack;
let work: string;

function drillStack(): StackSpecInput {
    const vault = fleet.host("vault");
    const vaultKey = readFileSync(path.join(vault.root, "ssh_host_ed25519_key.pub"), "utf8").trim().split(" ").slice(0, 2).join(" ");
    return {
        name: "drill",
        acme: { email: "admin@example.org", staging: true },
        hosts: [{ name: "home", provider: "hetzner" }],
        homeservers: [{ name: "hs", host: "home", serverName: "example.org", domain: "matrix.example.org" }],
        backup: {
            repository: `sftp:root@${vault.address}:/var/lib/restic-repository`,
            credentials: { sshPrivateKey: readFileSync(fleet.clientKey, "utf8"), knownHosts: `${vault.address} ${vaultKey}` },
        },
    };
}

async function onHost(name: string, script: string): Promise<string> {
    const result = await fleet.ssh(name, `bash -c ${shellQuote(script)}`);
    if (result.code !== 0) throw new Error(`on ${name}: ${script.slice(0, 200)}\nexit ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
}

function evaluatedHome(): Record<string, unknown> {
    return evaluateBundle(stack.bundles.get("home")!).config as Record<string, unknown>;
}

/** What activation would put in /etc and the store on fleet host `name`: the backup manifest and known hosts. */
async function activateBackupFiles(name: string, config: Record<string, unknown>): Promise<void> {
    const etc = at(config, "environment", "etc") as Record<string, { text: string }>;
    const manifest = onDebian(etc["nixos-matrix/backup.json"]!.text, { [KNOWN_HOSTS_STORE_NAME]: KNOWN_HOSTS_ON_HOST });
    const knownHostsLine = (drillStack().backup!.credentials as { knownHosts: string }).knownHosts;
    await onHost(name, [
        "set -euo pipefail",
        `mkdir -p /etc/nixos-matrix ${path.dirname(KNOWN_HOSTS_ON_HOST)}`,
        `printf '%s' ${shellQuote(manifest)} >/etc/nixos-matrix/backup.json`,
        `printf '%s\\n' ${shellQuote(knownHostsLine)} >${KNOWN_HOSTS_ON_HOST}`,
    ].join("\n"));
}

/** Runs the backup unit's command line on host `home`, as its timer would. */
async function runBackupUnit(): Promise<string> {
    const config = evaluatedHome();
    const backup = at(config, "services", "restic", "backups", "nixos-matrix") as ResticBackupOptions;
    const post = at(config, "systemd", "services", "restic-backups-nixos-matrix", "serviceConfig", "ExecStartPost") as string[];
    await activateBackupFiles("home", config);
    return onHost("home", resticUnitScript(backup, post, { [KNOWN_HOSTS_STORE_NAME]: KNOWN_HOSTS_ON_HOST }));
}

/** `nixos-matrix restore --stack-output <file> --host home --yes`, with host `home` at fleet host `at`. */
async function restoreHome(fleetHost: string): Promise<{ code: number; printed: string }> {
    const output = path.join(work, `stack-output-${fleetHost}.json`);
    const host = fleet.host(fleetHost);
    const hostPublicKey = readFileSync(path.join(host.root, "ssh_host_ed25519_key.pub"), "utf8").trim();
    writeFileSync(output, JSON.stringify({ hosts: { home: { address: host.address, hostPublicKey } } }));
    let printed = "";
    const ssh = fleet.inControl(["ssh", "-F", "/dev/null", "-i", fleet.clientKey, "-o", "IdentitiesOnly=yes"]);
    const code = await runRestore({ stackOutput: output, host: "home", yes: true, ssh }, (text) => (printed += text));
    return { code, printed };
}

interface Created {
    readonly roomId: string;
    readonly messages: readonly string[];
    readonly mxc: string;
    readonly blob: string;
    readonly signingKey: string;
}
let created: Created | undefined;

/** Users can log in, the room has its messages, the media downloads byte-identical, the signing key is the old one. */
async function expectRestored(fleetHost: string, data: Created): Promise<void> {
    const tokens: string[] = [];
    for (const [user, password] of [["alice", "alice-password"], ["bob", "bob-password"]]) {
        const login = await matrixRequest(fleet, fleetHost, "POST", "/_matrix/client/v3/login", {
            body: { type: "m.login.password", identifier: { type: "m.id.user", user }, password },
        });
        expect(login.status, JSON.stringify(login.body)).toBe(200);
        tokens.push(String(login.body.access_token));
    }
    const history = await matrixRequest(fleet, fleetHost, "GET", `/_matrix/client/v3/rooms/${encodeURIComponent(data.roomId)}/messages?dir=b&limit=50`, {
        token: tokens[0],
    });
    expect(history.status, JSON.stringify(history.body)).toBe(200);
    const bodies = (history.body.chunk as { content?: { body?: string } }[]).map((e) => e.content?.body).filter(Boolean);
    expect(bodies.reverse()).toEqual(data.messages);
    expect(download(fleetHost, tokens[1]!, data.mxc, path.join(work, `downloaded-${fleetHost}.bin`)).equals(readFileSync(data.blob))).toBe(true);
    expect(readFileSync(hostPath(fleet.host(fleetHost), `${SYNAPSE_DIR}/homeserver.signing.key`), "utf8")).toBe(data.signingKey);
}

async function upload(token: string, file: string): Promise<string> {
    const out = execFileSync("ip", [
        "netns", "exec", fleet.host("home").ns, "curl", "-sS", "--fail", "-X", "POST",
        "-H", `Authorization: Bearer ${token}`, "-H", "Content-Type: application/octet-stream",
        "--data-binary", `@${file}`, "http://127.0.0.1:8008/_matrix/media/v3/upload?filename=blob.bin",
    ], { encoding: "utf8" });
    return String(JSON.parse(out).content_uri);
}

function download(fleetHost: string, token: string, mxc: string, to: string): Buffer {
    const [server, id] = mxc.slice("mxc://".length).split("/");
    execFileSync("ip", [
        "netns", "exec", fleet.host(fleetHost).ns, "curl", "-sS", "--fail", "-o", to,
        "-H", `Authorization: Bearer ${token}`, `http://127.0.0.1:8008/_matrix/client/v1/media/download/${server}/${id}`,
    ]);
    return readFileSync(to);
}

beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "nixos-matrix-drill-"));
    fleet = Fleet.start(["home", "vault", "fresh"]);
    useRealServices(fleet, ["home", "fresh"]);
    stack = stackDeploys(fleet, drillStack(), { healthTimeoutSeconds: 60 });
    const run = await deployFleet(fleet, stack.deploys);
    expect([...run.errors.values()].map((e) => e.message), unitLog(fleet, "home", "matrix-synapse.service").slice(-3000)).toEqual([]);
}, 900_000);

afterAll(() => {
    fleet?.stopSync();
    if (work) rmSync(work, { recursive: true, force: true });
    expect(fleet?.leftovers() ?? []).toEqual([]);
});

describe("restore drill: real Synapse, real PostgreSQL, real restic over SFTP", () => {
    it("backs up, loses the database, media and signing key, restores them with `nixos-matrix restore --yes`", async () => {
        const secret = stack.values["homeserver/hs/registration-shared-secret"]!;
        const alice = await registerUser(fleet, "home", secret, { username: "alice", password: "alice-password" });
        const bob = await registerUser(fleet, "home", secret, { username: "bob", password: "bob-password" });
        const room = await matrixRequest(fleet, "home", "POST", "/_matrix/client/v3/createRoom", { token: alice.accessToken, body: { name: "drill", preset: "public_chat" } });
        const roomId = String(room.body.room_id);
        expect(roomId).toMatch(/^!/);
        const joined = await matrixRequest(fleet, "home", "POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, { token: bob.accessToken, body: {} });
        expect(joined.status, JSON.stringify(joined.body)).toBe(200);
        const messages = ["first", "second", "third"].map((m) => `${m} ${randomBytes(4).toString("hex")}`);
        for (const [i, body] of messages.entries()) {
            const sent = await matrixRequest(fleet, "home", "PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/t${i}`, {
                token: alice.accessToken,
                body: { msgtype: "m.text", body },
            });
            expect(sent.status, JSON.stringify(sent.body)).toBe(200);
        }
        const blob = path.join(work, "blob.bin");
        writeFileSync(blob, randomBytes(256 * 1024));
        const mxc = await upload(alice.accessToken, blob);
        const signingKey = readFileSync(hostPath(fleet.host("home"), `${SYNAPSE_DIR}/homeserver.signing.key`), "utf8");

        const backupOut = await runBackupUnit();
        expect(backupOut).toMatch(/snapshot [0-9a-f]+ saved/);
        expect(readFileSync(hostPath(fleet.host("vault"), "/var/lib/restic-repository/home/config")).length).toBeGreaterThan(0);

        // The disaster: database, media store and signing key gone.
        await onHost("home", [
            "set -euo pipefail",
            "systemctl stop matrix-synapse.service",
            "runuser -u postgres -- /usr/lib/postgresql/15/bin/dropdb matrix-synapse",
            `rm -rf ${SYNAPSE_DIR}/media_store ${SYNAPSE_DIR}/homeserver.signing.key`,
        ].join("\n"));

        const { code, printed } = await restoreHome("home");
        expect(code, printed).toBe(0);
        expect(printed).toMatch(/restored snapshot [0-9a-f]+; matrix-synapse\.service active/);
        created = { roomId, messages, mxc, blob, signingKey };
        await expectRestored("home", created);
    }, 600_000);

    it("restores onto a new VM: the same stack deployed to a fresh host, then `nixos-matrix restore --yes`", async () => {
        expect(created, "the first test made the data and the backup").toBeDefined();
        const replacement = stackDeploys(fleet, drillStack(), { healthTimeoutSeconds: 60, onFleetHosts: { home: "fresh" } });
        const run = await deployFleet(fleet, replacement.deploys.filter((d) => d.host === "fresh"));
        expect([...run.errors.values()].map((e) => e.message), unitLog(fleet, "fresh", "matrix-synapse.service").slice(-3000)).toEqual([]);
        // The new VM's Synapse starts empty, with a signing key of its own.
        expect(readFileSync(hostPath(fleet.host("fresh"), `${SYNAPSE_DIR}/homeserver.signing.key`), "utf8")).not.toBe(created!.signingKey);
        await activateBackupFiles("fresh", evaluateBundle(replacement.bundles.get("home")!).config as Record<string, unknown>);
        const { code, printed } = await restoreHome("fresh");
        expect(code, printed).toBe(0);
        await expectRestored("fresh", created!);
    }, 600_000);
});
