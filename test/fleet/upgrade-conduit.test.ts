// needs: root
/**
 * A Conduit homeserver moving to another pin: the pin step copies its RocksDB directory with
 * the service stopped, then starts it again, before the switch.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { conduit } from "../fixtures/stacks";
import { deployFleet } from "./harness/deploy";
import { Fleet } from "./harness/fleet";
import { stopFleetAfterAll } from "./harness/fleet-teardown";
import { hostPath, standinLog } from "./harness/host-state";
import { switchedHosts } from "./fixture";
import { fleetNixpkgs, stackDeploys } from "./stack";

let fleet: Fleet;

beforeAll(() => {
    fleet = Fleet.start(["conduit"]);
});

stopFleetAfterAll(() => fleet);

describe("fleet: upgrading a Conduit homeserver", () => {
    it("copies the database directory with conduit.service stopped, then switches", async () => {
        const host = fleet.host("conduit");
        const data = hostPath(host, "/var/lib/private/matrix-conduit");
        mkdirSync(data, { recursive: true });
        writeFileSync(path.join(data, "CURRENT"), "MANIFEST-000042\n");

        const first = await deployFleet(fleet, stackDeploys(fleet, conduit(), { nixpkgs: fleetNixpkgs(fleet) }).deploys);
        expect([...first.errors.values()].map((e) => e.message)).toEqual([]);
        const next = await deployFleet(fleet, stackDeploys(fleet, conduit(), { nixpkgs: fleetNixpkgs(fleet, "26.05", "26.05-next") }).deploys);
        expect([...next.errors.values()].map((e) => e.message)).toEqual([]);
        expect(switchedHosts(next)).toEqual(["conduit"]);

        const dumps = readdirSync(hostPath(host, "/var/lib/nixos-matrix/dumps")).sort();
        expect(dumps).toEqual([expect.stringMatching(/-25\.11-to-26\.05\.conduit$/), expect.stringMatching(/-26\.05-to-26\.05\.conduit$/)]);
        for (const dump of dumps) {
            expect(readFileSync(hostPath(host, `/var/lib/nixos-matrix/dumps/${dump}/CURRENT`), "utf8")).toBe("MANIFEST-000042\n");
        }
        // The first copy found Conduit not running (the installer's system); the second stopped
        // it and started it again, both before the switch.
        const events = standinLog(host)
            .split("\n")
            .map((line) => /(stop|start) conduit\.service$|start switch /.exec(line)?.[0])
            .filter((e): e is string => e !== undefined);
        expect(events).toEqual([
            "start switch ",
            "stop conduit.service",
            "start conduit.service",
            "start switch ",
        ]);
    });
});
