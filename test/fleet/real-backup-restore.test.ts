// needs: shared, root
/**
 * The restore drill on real parts: a Synapse host (real Synapse from the sid root, Debian's
 * PostgreSQL 15) backs up with Debian's restic to an SFTP repository on another fleet host,
 * through the backup unit's own command line. Its database, media and signing key are then
 * destroyed, `nixos-matrix restore --yes` runs restore.sh over SSH, and the client API shows
 * everything back. A second test restores onto a fresh host.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployFleet } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { hostPath } from "./harness/host-state";
import { stackDeploys, type DeployedStack } from "./stack";
import { BackupDrill, SYNAPSE_DIR } from "./real/backup-drill";
import { matrixRequest, registerUser } from "./real/matrix-client";
import { unitLog, useRealServices } from "./real/services";

let fleet: Fleet;
let stack: DeployedStack;
let work: string;
let drill: BackupDrill;

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
    expect(drill.download(fleetHost, tokens[1]!, data.mxc, path.join(work, `downloaded-${fleetHost}.bin`)).equals(readFileSync(data.blob))).toBe(true);
    expect(readFileSync(hostPath(fleet.host(fleetHost), `${SYNAPSE_DIR}/homeserver.signing.key`), "utf8")).toBe(data.signingKey);
}

beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "nixos-matrix-drill-"));
    fleet = Fleet.start(["home", "vault", "fresh"]);
    useRealServices(fleet, ["home", "fresh"]);
    drill = new BackupDrill(fleet, work);
    stack = stackDeploys(fleet, drill.stack(), { healthTimeoutSeconds: 60 });
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
        const mxc = drill.upload("home", alice.accessToken, blob);
        const signingKey = readFileSync(hostPath(fleet.host("home"), `${SYNAPSE_DIR}/homeserver.signing.key`), "utf8");

        const backupOut = await drill.runBackupUnit(stack.bundles.get("home")!);
        expect(backupOut).toMatch(/snapshot [0-9a-f]+ saved/);
        expect(readFileSync(hostPath(fleet.host("vault"), "/var/lib/restic-repository/home/config")).length).toBeGreaterThan(0);

        // The disaster: database, media store and signing key gone.
        await drill.onHost("home", [
            "set -euo pipefail",
            "systemctl stop matrix-synapse.service",
            "runuser -u postgres -- /usr/lib/postgresql/15/bin/dropdb matrix-synapse",
            `rm -rf ${SYNAPSE_DIR}/media_store ${SYNAPSE_DIR}/homeserver.signing.key`,
        ].join("\n"));

        const { code, printed } = await drill.restoreHome("home");
        expect(code, printed).toBe(0);
        expect(printed).toMatch(/restored snapshot [0-9a-f]+; matrix-synapse\.service active/);
        created = { roomId, messages, mxc, blob, signingKey };
        await expectRestored("home", created);
    }, 600_000);

    it("restores onto a new VM: the same stack deployed to a fresh host, then `nixos-matrix restore --yes`", async () => {
        expect(created, "the first test made the data and the backup").toBeDefined();
        const replacement = stackDeploys(fleet, drill.stack(), { healthTimeoutSeconds: 60, onFleetHosts: { home: "fresh" } });
        const run = await deployFleet(fleet, replacement.deploys.filter((d) => d.host === "fresh"));
        expect([...run.errors.values()].map((e) => e.message), unitLog(fleet, "fresh", "matrix-synapse.service").slice(-3000)).toEqual([]);
        // The new VM's Synapse starts empty, with a signing key of its own.
        expect(readFileSync(hostPath(fleet.host("fresh"), `${SYNAPSE_DIR}/homeserver.signing.key`), "utf8")).not.toBe(created!.signingKey);
        await drill.activateBackupFiles("fresh", replacement.bundles.get("home")!);
        const { code, printed } = await drill.restoreHome("fresh");
        expect(code, printed).toBe(0);
        await expectRestored("fresh", created!);
    }, 600_000);
});
