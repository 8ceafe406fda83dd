import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { HETZNER_PRIVATE_INTERFACE } from "../../sdk/plan/private-interface";
import type { TestRun } from "../../sdk/synth/testing";
import { COMMAND, EXAMPLES, named, ofType, plainStrings, registrationsText, runExample, secretValues, unwrap } from "./harness";

const SERVER = "hcloud:index/server:Server";

describe.each(EXAMPLES)("example %s under mocks", (example) => {
    let run: TestRun;
    beforeAll(async () => {
        run = await runExample(example);
    });

    it("gives each host exactly one wait, secrets, upload, pin and switch step (and mesh key step with the mesh, old signing keys step on a main host of workers across hosts), each homeserver one verify step and each with admins one bootstrap step", () => {
        const hosts = run.stack.plan.hosts.map((h) => h.name);
        const names = ofType(run, COMMAND).map((c) => c.name).sort();
        const verify = run.stack.plan.verify.map((v) => `${v.homeserver}-verify`);
        const bootstrap = [...run.stack.plan.bootstrap.map((b) => `${b.homeserver}-bootstrap`), ...run.stack.plan.moderationBots.map((b) => `${b.bot}-bootstrap`)];
        expect(verify.length).toBeGreaterThan(0);
        const steps = ["pin", "secrets", "switch", "upload", "wait", ...(run.stack.plan.meshNetwork ? ["mesh-key"] : [])];
        const oldKeys = run.stack.plan.workers.filter((w) => w.crossHost).map((w) => `${w.mainHost}-old-signing-keys`);
        expect(names).toEqual([...hosts.flatMap((h) => steps.map((s) => `${h}-${s}`)), ...verify, ...bootstrap, ...oldKeys].sort());
        for (const host of hosts) expect(names.filter((n) => n === `${host}-switch`)).toHaveLength(1);
    });

    it("runs every step after its host's wait step, in order wait -> secrets -> upload -> pin -> switch", () => {
        for (const host of run.stack.plan.hosts) {
            const step = (s: string) => named(run, COMMAND, `${host.name}-${s}`);
            const wait = step("wait");
            for (const later of ["secrets", "upload", "pin", "switch"]) expect(step(later).dependencies).toContain(wait.urn);
            expect(step("upload").dependencies).toContain(step("secrets").urn);
            expect(step("pin").dependencies).toContain(step("upload").urn);
            expect(step("switch").dependencies).toContain(step("pin").urn);
            expect(step("switch").dependencies).toContain(step("upload").urn);
            expect(step("switch").dependencies).toContain(step("secrets").urn);
        }
    });

    it("keeps Synapse's own key as an old one before the switch to the shared key of workers across hosts, from a command with no secret", () => {
        for (const w of run.stack.plan.workers.filter((w) => w.crossHost)) {
            const step = (s: string) => named(run, COMMAND, `${w.mainHost}-${s}`);
            const keep = step("old-signing-keys");
            expect(keep.dependencies).toContain(step("wait").urn);
            expect(step("switch").dependencies).toContain(keep.urn);
            expect(pulumi.runtime.isRpcSecret(keep.inputs.create)).toBe(false);
            const args = JSON.parse(/ nixos-matrix-old-signing-keys '(.*)'$/.exec(String(unwrap(keep.inputs.create)))![1]!) as Record<string, unknown>;
            expect(args).toMatchObject({ host: w.mainHost, sharedKeyId: "a_workers", group: "matrix-synapse" });
            expect(args.ownKeyFile).toMatch(/\/matrix-synapse\/homeserver\.signing\.key$/);
        }
    });

    it("rolls out level by level: a homeserver host after every other host, a worker host after its homeserver's", () => {
        const hosts = run.stack.plan.hosts;
        const homeservers = hosts.filter((h) => h.services.homeservers.length > 0).map((h) => h.name);
        const workerHosts = hosts.filter((h) => h.services.homeservers.length === 0 && h.workers.some((w) => !w.main)).map((h) => h.name);
        const others = hosts.filter((h) => h.services.homeservers.length === 0 && !workerHosts.includes(h.name)).map((h) => h.name);
        expect(run.stack.plan.rollout).toEqual([others, homeservers, workerHosts].filter((l) => l.length > 0));
        const after = (later: readonly string[], earlier: readonly string[]) => {
            for (const l of later) {
                for (const e of earlier) {
                    const earlierSwitch = named(run, COMMAND, `${e}-switch`).urn;
                    expect(named(run, COMMAND, `${l}-pin`).dependencies).toContain(earlierSwitch);
                    expect(named(run, COMMAND, `${l}-switch`).dependencies).toContain(earlierSwitch);
                }
            }
        };
        after(homeservers, others);
        after(workerHosts, homeservers);
    });

    it("writes each registration on the homeserver host in that host's secrets step, before its switch", () => {
        for (const registration of run.stack.plan.registrations) {
            const hsHost = run.stack.plan.hosts.find((h) => h.name === registration.homeserverHost)!;
            expect(hsHost.secretFiles.map((f) => f.path)).toContain(registration.homeserverPath);
            const secrets = named(run, COMMAND, `${hsHost.name}-secrets`);
            const stdin = JSON.parse(unwrap(secrets.inputs.stdin) as string) as Record<string, string>;
            expect(Object.keys(stdin)).toContain(registration.homeserverPath);
            expect(named(run, COMMAND, `${hsHost.name}-switch`).dependencies).toContain(secrets.urn);
        }
    });

    it("pins one typed connection per host: key auth, host key, dial retries", () => {
        for (const host of run.stack.plan.hosts) {
            const connections = ofType(run, COMMAND)
                .filter((c) => c.name.startsWith(`${host.name}-`))
                .map((c) => JSON.stringify(c.inputs.connection));
            expect(new Set(connections).size).toBe(1);
            const connection = unwrap(named(run, COMMAND, `${host.name}-wait`).inputs.connection) as Record<string, unknown>;
            expect(connection.hostKey).toMatch(/^ssh-ed25519 AAAA/);
            expect(connection.dialErrorLimit).toBeGreaterThan(1);
            expect(connection.password).toBeUndefined();
            expect(JSON.stringify(connection)).not.toContain("StrictHostKeyChecking");
        }
    });

    it("keeps every secret secret: no plain input, output or file holds a secret value", () => {
        const secrets = secretValues(run);
        expect(secrets.length).toBeGreaterThan(0);
        const plain = [
            ...run.resources.flatMap((r) => plainStrings(r.inputs)),
            ...[...run.cloud.outputs.values()].flatMap((outputs) => plainStrings(outputs)),
        ];
        expect(run.cloud.outputs.size).toBeGreaterThan(0);
        const files = Object.values(run.files);
        for (const secret of secrets) {
            expect(plain.filter((s) => s.includes(secret))).toEqual([]);
            expect(files.filter((f) => f.includes(secret))).toEqual([]);
        }
        for (const host of run.stack.plan.hosts) {
            const secretsStep = named(run, COMMAND, `${host.name}-secrets`);
            if (host.secretFiles.length > 0) expect(secretsStep.inputs.stdin).toSatisfy(isSecretInput);
            else expect(secretsStep.inputs.stdin).toBe("{}");
            expect(secretsStep.inputs.logging).toBe("stderr");
            // The private key makes the whole connection secret.
            expect(secretsStep.inputs.connection).toSatisfy(isSecretInput);
        }
    });

    it("gives byte-identical resource inputs on a second run", async () => {
        const again = await runExample(example);
        expect(registrationsText(again)).toBe(registrationsText(run));
        expect(again.files).toEqual(run.files);
    });

    it("generates secrets without special characters and re-runs steps by content, never by triggers", () => {
        for (const password of ofType(run, "random:index/randomPassword:RandomPassword")) expect(password.inputs.special).toBe(false);
        for (const step of ofType(run, COMMAND)) expect(step.inputs.triggers).toBeUndefined();
    });

    it("publishes every declared output of every component", () => {
        const components = run.cloud.resources.filter((r) => !r.custom);
        expect(components.length).toBeGreaterThan(0);
        for (const component of components) {
            const outputs = run.cloud.outputs.get(component.urn);
            expect(outputs, component.urn).toBeDefined();
            expect(Object.keys(outputs!).length, component.urn).toBeGreaterThan(0);
            for (const value of Object.values(outputs!)) expect(value, component.urn).not.toBeUndefined();
        }
        const homeserver = components.find((c) => c.type === "nixos-matrix:index:MatrixHomeserver")!;
        expect(Object.keys(run.cloud.outputs.get(homeserver.urn)!).sort()).toEqual(
            ["adminPasswords", "adminUserIds", "dnsRecords", "domain", "hostName", "registrationIds", "serverName", "url", "verification", "verifyInputs"],
        );
    });

    it("creates the admins after every host's switch, on the homeserver's host, with no secret in the command; their passwords are secret outputs", () => {
        const switches = run.stack.plan.hosts.map((h) => named(run, COMMAND, `${h.name}-switch`).urn);
        const secrets = secretValues(run);
        if (example === "community") expect(run.stack.plan.bootstrap.map((b) => b.admins.length)).toEqual([1]);
        for (const bootstrap of run.stack.plan.bootstrap) {
            const step = named(run, COMMAND, `${bootstrap.homeserver}-bootstrap`);
            for (const urn of switches) expect(step.dependencies).toContain(urn);
            expect(JSON.stringify(step.inputs.connection)).toBe(JSON.stringify(named(run, COMMAND, `${bootstrap.host}-wait`).inputs.connection));
            const create = unwrap(step.inputs.create) as string;
            expect(create).toMatch(/^bash -c '#!\/usr\/bin\/env bash/);
            for (const admin of bootstrap.admins) expect(create).toContain(JSON.stringify(admin.passwordFile));
            for (const value of secrets) expect(create).not.toContain(value);
            const homeserver = run.cloud.resources.find((r) => r.type === "nixos-matrix:index:MatrixHomeserver" && r.name === bootstrap.homeserver)!;
            const outputs = run.cloud.outputs.get(homeserver.urn)!;
            expect(pulumi.runtime.isRpcSecret(outputs.adminPasswords)).toBe(true);
            expect(Object.keys(unwrap(outputs.adminPasswords) as object)).toEqual(bootstrap.admins.map((a) => a.localpart));
            expect(unwrap(outputs.adminUserIds)).toEqual(bootstrap.admins.map((a) => a.userId));
        }
        if (example === "community") expect(run.stack.plan.moderationBots.map((b) => b.bot)).toEqual(["moderation"]);
        for (const bot of run.stack.plan.moderationBots) {
            // The bot's step runs on its host after its homeserver's bootstrap; its token is made there.
            const step = named(run, COMMAND, `${bot.bot}-bootstrap`);
            expect(step.dependencies).toContain(named(run, COMMAND, `${bot.homeserver}-bootstrap`).urn);
            for (const urn of switches) expect(step.dependencies).toContain(urn);
            expect(JSON.stringify(step.inputs.connection)).toBe(JSON.stringify(named(run, COMMAND, `${bot.host}-wait`).inputs.connection));
            const create = unwrap(step.inputs.create) as string;
            expect(create).toContain(JSON.stringify(bot.tokenFile));
            for (const value of secrets) expect(create).not.toContain(value);
            const component = run.cloud.resources.find((r) => r.type === "nixos-matrix:index:ModerationBot" && r.name === bot.bot)!;
            expect(unwrap(run.cloud.outputs.get(component.urn)!.userId)).toBe(bot.userId);
        }
    });

    it("verifies after every host's switch, from the homeserver's host, and reports each check on the components it proves", () => {
        const switches = run.stack.plan.hosts.map((h) => named(run, COMMAND, `${h.name}-switch`).urn);
        const components = run.cloud.resources.filter((r) => !r.custom);
        for (const verifyRun of run.stack.plan.verify) {
            const step = named(run, COMMAND, `${verifyRun.homeserver}-verify`);
            for (const urn of switches) expect(step.dependencies).toContain(urn);
            expect(JSON.stringify(step.inputs.connection)).toBe(JSON.stringify(named(run, COMMAND, `${verifyRun.host}-wait`).inputs.connection));
            const create = unwrap(step.inputs.create) as string;
            expect(create).toMatch(/^bash -c '#!\/usr\/bin\/env bash/);
            for (const check of verifyRun.checks) expect(create).toContain(JSON.stringify(check.check));

            const homeserver = components.find((c) => c.type === "nixos-matrix:index:MatrixHomeserver" && c.name === verifyRun.homeserver)!;
            const reported = run.cloud.outputs.get(homeserver.urn)!.verification as { check: string; host: string; ok: boolean; detail: string }[];
            expect(reported.map((r) => r.check)).toEqual(verifyRun.checks.map((c) => c.check));
            expect(reported[0]).toEqual({ check: verifyRun.checks[0]!.check, host: verifyRun.checks[0]!.host, ok: true, detail: "not run: Pulumi mocks" });
            for (const check of verifyRun.checks.filter((c) => !c.service.startsWith("homeserver/"))) {
                const [kind, name] = check.service.split("/");
                const type = { bridge: "Bridge", turn: "TurnServer", element: "ElementWeb" }[kind!]!;
                const component = components.find((c) => c.type === `nixos-matrix:index:${type}` && c.name === name);
                expect(component, check.service).toBeDefined();
                const own = run.cloud.outputs.get(component!.urn)!.verification as { check: string }[];
                expect(own.map((r) => r.check), check.service).toContain(check.check);
            }
        }
    });

    it("protects every Hetzner server and ignores changes that would replace it", () => {
        const hetznerHosts = run.stack.plan.hosts.filter((h) => h.spec.provider === "hetzner");
        expect(ofType(run, SERVER)).toHaveLength(hetznerHosts.length);
        for (const server of ofType(run, SERVER)) {
            expect(server.inputs.deleteProtection).toBe(true);
            expect(server.inputs.rebuildProtection).toBe(true);
            expect(server.ignoreChanges).toEqual(["image", 'labels["nixos-matrix-state-version"]', "sshKeys", "userData"]);
            expect((server.inputs.labels as Record<string, string>)["nixos-matrix-state-version"]).toBe(run.stack.plan.nixpkgs.release);
            expect(server.inputs.userData).toSatisfy(isSecretInput);
            expect(server.inputs.image).toBe("debian-12");
        }
    });

    it("opens no private port on a public interface, nor on an interface the host lacks", () => {
        for (const host of run.stack.plan.hosts) {
            const stdin = JSON.parse(unwrap(named(run, COMMAND, `${host.name}-upload`).inputs.stdin) as string) as { files: Record<string, string> };
            const params = JSON.parse(Buffer.from(stdin.files["nixos-matrix/params.json"], "base64").toString("utf8"));
            const priv = params.firewall.private as { tcp: number[]; udp: number[] };
            for (const port of priv.tcp) expect(params.firewall.public.tcp, `${host.name} tcp/${port}`).not.toContain(port);
            for (const port of priv.udp) expect(params.firewall.public.udp, `${host.name} udp/${port}`).not.toContain(port);
            const opensPrivate = priv.tcp.length + priv.udp.length > 0;
            if (!opensPrivate) continue;
            // The interface is one the bundle makes (the mesh) or one the host is known to have.
            const own = host.spec.provider === "hetzner" ? HETZNER_PRIVATE_INTERFACE : host.spec.privateInterface;
            const has = params.mesh ? [params.mesh.interface] : [own];
            expect(has, host.name).toContain(params.host.privateInterface);
        }
    });
});

function isSecretInput(value: unknown): boolean {
    return value !== undefined && plainStrings(value).length === 0 && unwrap(value) !== value;
}
