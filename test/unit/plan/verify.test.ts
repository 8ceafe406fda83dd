import { describe, expect, it } from "vitest";
import { allInOne, conduit, multiHost, multiHostWithBackup } from "../../fixtures/stacks";
import { BACKUP_SINCE_FILE, BACKUP_STAMP_FILE, BACKUP_UNIT } from "../../../sdk/plan/backup";
import { STATE_DIR } from "../../../sdk/plan/paths";
import { homeserverRegistrationPath, synapseSecretConfigPath, conduitEnvPath, turnSecretPath } from "../../../sdk/plan/paths";
import type { StackSpecInput } from "../../../sdk/spec/stack";
import { hostOf, planOf } from "./helpers";

const names = (input: StackSpecInput) => planOf(input).verify.map((run) => ({ ...run, checks: run.checks.map((c) => `${c.check} @${c.host}`) }));

function withHomeserver(input: StackSpecInput, change: (hs: Record<string, unknown>) => void): StackSpecInput {
    const copy = structuredClone(input) as StackSpecInput & { homeservers: Record<string, unknown>[] };
    change(copy.homeservers[0]!);
    return copy;
}

describe("the checks verify runs", () => {
    it("cover every bridge, TURN, federation, discovery, Element and each public name's certificate, on the homeserver's host", () => {
        expect(names(multiHost())).toEqual([
            {
                homeserver: "hs",
                host: "home",
                staging: true,
                publicUrl: "https://matrix.example.com",
                checks: [
                    "bridge discord @bridges",
                    "bridge irc @bridges",
                    "bridge telegram @bridges",
                    "bridge whatsapp @bridges",
                    "turn turn.example.com @turn",
                    "federation example.com @home",
                    "client-discovery example.com @home",
                    "element chat.example.com @web",
                    "certificate chat.example.com:443 @web",
                    "certificate example.com:443 @home",
                    "certificate matrix.example.com:443 @home",
                    "certificate matrix.example.com:8448 @home",
                    "certificate turn.example.com:5349 @turn",
                ],
            },
        ]);
    });

    it("read each secret where the homeserver's host already keeps it", () => {
        const plan = planOf(multiHost());
        const files = new Set(hostOf(plan, "home").secretFiles.map((f) => f.path));
        const checks = plan.verify[0]!.checks;
        const bridge = checks.find((c) => c.check === "bridge telegram");
        expect(bridge).toMatchObject({ homeserverUrl: "http://127.0.0.1:8008", appserviceId: "telegram", asToken: { file: homeserverRegistrationPath("telegram"), format: "yaml", key: "as_token" } });
        const turn = checks.find((c) => c.kind === "turn");
        expect(turn).toMatchObject({ realm: "turn.example.com", port: 3478, deniedPeer: "10.0.0.1", sharedSecret: { file: synapseSecretConfigPath("hs"), format: "yaml", key: "turn_shared_secret" } });
        for (const c of checks) {
            if (c.kind === "bridge") expect(files).toContain(c.asToken.file);
            if (c.kind === "turn") expect(files).toContain(c.sharedSecret.file);
        }
        expect(files).not.toContain(turnSecretPath("turn"));
    });

    it("take Conduit's TURN secret from its environment file and leave out what it does not serve", () => {
        const run = planOf(conduit()).verify[0]!;
        expect(run.checks.find((c) => c.kind === "turn")).toMatchObject({ sharedSecret: { file: conduitEnvPath("hs"), format: "env", key: "CONDUIT_TURN_SECRET" } });
        expect(run.checks.map((c) => c.kind)).not.toContain("client-discovery");
    });

    it("leave out federation on a closed server, and whatever skipChecks names", () => {
        const closed = names(withHomeserver(allInOne(), (hs) => (hs.federation = { enabled: false })))[0]!.checks;
        expect(closed.filter((c) => c.startsWith("federation"))).toEqual([]);
        expect(closed).toContain("turn turn.example.org @matrix");
        const skipped = names(withHomeserver(multiHost(), (hs) => (hs.skipChecks = ["federation", "certificates", "bridges"])))[0]!.checks;
        expect(skipped).toEqual(["turn turn.example.com @turn", "client-discovery example.com @home", "element chat.example.com @web"]);
    });

    it("check the homeserver host's own backup where the stack backs up, unless skipped", () => {
        const checks = planOf(multiHostWithBackup()).verify[0]!.checks;
        const backup = checks.filter((c) => c.kind === "backup");
        expect(backup).toEqual([
            {
                kind: "backup",
                check: "backup home",
                host: "home",
                service: "homeserver/hs",
                stampFile: BACKUP_STAMP_FILE,
                sinceFile: BACKUP_SINCE_FILE,
                unit: BACKUP_UNIT,
                maxAgeHours: 26,
            },
        ]);
        // The switch step writes the setup time there (switch.sh: "$STATE/backup-since").
        expect(BACKUP_SINCE_FILE).toBe(`${STATE_DIR}/backup-since`);
        expect(planOf(multiHost()).verify[0]!.checks.map((c) => c.kind)).not.toContain("backup");
        const skipped = names(withHomeserver(multiHostWithBackup(), (hs) => (hs.skipChecks = ["backup"])))[0]!.checks;
        expect(skipped.filter((c) => c.startsWith("backup"))).toEqual([]);
    });

    it("carry no secret value and are the same twice", () => {
        expect(JSON.stringify(planOf(multiHost()).verify)).toBe(JSON.stringify(planOf(multiHost()).verify));
        expect(JSON.stringify(planOf(multiHost()).verify)).not.toMatch(/"\$secret"/);
    });
});
