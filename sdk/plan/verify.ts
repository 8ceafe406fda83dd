/**
 * What the verify step checks after the last switch, as data: per homeserver, the checks that
 * apply and where the step finds the secrets it needs. Pure. The step runs on the homeserver's
 * host, which holds every secret these checks read (registrations, the TURN secret), so no
 * secret leaves the hosts.
 */
import type { VerifyCheckKind } from "../spec/verify-checks";
import { BACKUP_MAX_AGE_HOURS, BACKUP_SINCE_FILE, BACKUP_STAMP_FILE, BACKUP_UNIT } from "./backup";
import { conduitFamilyServer } from "./conduit-family";
import { byText } from "./order";
import { conduitEnvPath, synapseSecretConfigPath } from "./paths";
import { secretNames } from "./secrets";
import { homeserverLoopbackUrl, turnOf, type ResolvedHomeserver, type ResolvedStack, type ResolvedTurn } from "./resolve";
import type { RegistrationPlan } from "./types";

/** Days a certificate must still be valid for. */
export const CERTIFICATE_MIN_DAYS = 14;

/** Where a check finds a secret on the host it runs on: a raw file, a YAML key or an env variable. */
export interface SecretSource {
    /** The secret's name in the plan (how the operator CLI finds its value in the stack outputs). */
    readonly secret: string;
    readonly file: string;
    readonly format: "raw" | "yaml" | "env";
    /** The YAML key or variable name (not for raw). */
    readonly key?: string;
}

interface CheckBase {
    /** What is checked, e.g. `bridge telegram`, `federation example.org`: unique in the stack. */
    readonly check: string;
    /** The host whose service is checked. */
    readonly host: string;
    /** The service it proves, as the port table names services: `bridge/telegram`, `turn/turn`, ... */
    readonly service: string;
}

export type VerifyCheck = CheckBase &
    (
        | { readonly kind: "bridge"; readonly homeserverUrl: string; readonly appserviceId: string; readonly asToken: SecretSource }
        | {
              readonly kind: "turn";
              readonly realm: string;
              readonly port: number;
              readonly sharedSecret: SecretSource;
              /** An address in the denied peer ranges: a channel to it must be refused. */
              readonly deniedPeer: string;
          }
        | { readonly kind: "federation"; readonly serverName: string }
        | { readonly kind: "client-discovery"; readonly serverName: string; readonly homeserverUrl: string }
        | { readonly kind: "element"; readonly domain: string; readonly homeserverUrl: string }
        | { readonly kind: "certificate"; readonly name: string; readonly port: number; readonly minDays: number }
        | {
              readonly kind: "backup";
              /** Touched by each successful run; its age is the backup's age. */
              readonly stampFile: string;
              /** When backups were set up: "missing" counts from there. */
              readonly sinceFile: string;
              readonly unit: string;
              readonly maxAgeHours: number;
          }
    );

/** One run of the verify step: on `host`, for homeserver `homeserver`. */
export interface VerifyRun {
    readonly homeserver: string;
    readonly host: string;
    /** Staging certificates are expected (and reported as such), not failures. */
    readonly staging: boolean;
    /** The homeserver's public client API (`https://<domain>`): bridge pings go here from outside the host. */
    readonly publicUrl: string;
    readonly checks: readonly VerifyCheck[];
}

export function stackVerifyRuns(stack: ResolvedStack, registrations: readonly RegistrationPlan[]): VerifyRun[] {
    return stack.homeservers
        .map((hs) => ({
            homeserver: hs.name,
            host: hs.host,
            staging: stack.spec.acme.staging,
            publicUrl: `https://${hs.domain}`,
            checks: homeserverChecks(stack, hs, registrations),
        }))
        .sort(byText((r) => r.homeserver));
}

function homeserverChecks(stack: ResolvedStack, hs: ResolvedHomeserver, registrations: readonly RegistrationPlan[]): VerifyCheck[] {
    const skip = new Set<VerifyCheckKind>(hs.skipChecks);
    const domain = hs.domain;
    const publicUrl = `https://${domain}`;
    const checks: VerifyCheck[] = [];
    const own = `homeserver/${hs.name}`;
    const certificates = new Map<string, { name: string; port: number; host: string; service: string }>();
    const certificate = (name: string, port: number, host: string, service: string) => certificates.set(`${name}:${port}`, { name, port, host, service });
    certificate(domain, 443, hs.host, own);

    if (!skip.has("bridges")) {
        for (const reg of registrations.filter((r) => r.homeserver === hs.name)) {
            checks.push({
                kind: "bridge",
                check: `bridge ${reg.id}`,
                host: reg.bridgeHost,
                service: `bridge/${reg.id}`,
                homeserverUrl: homeserverLoopbackUrl(hs),
                appserviceId: reg.id,
                asToken: { secret: reg.asTokenSecret, file: reg.homeserverPath, format: "yaml", key: "as_token" },
            });
        }
    }
    const turn = turnOf(stack, hs);
    if (turn && !skip.has("turn")) {
        checks.push({
            kind: "turn",
            check: `turn ${turn.realm}`,
            host: turn.host,
            service: `turn/${turn.name}`,
            realm: turn.realm,
            port: turn.listeningPort,
            sharedSecret: turnSecretSource(hs, turn),
            deniedPeer: deniedPeer(turn),
        });
        certificate(turn.realm, turn.tlsListeningPort, turn.host, `turn/${turn.name}`);
    }
    if (hs.federation.enabled && !skip.has("federation")) {
        checks.push({ kind: "federation", check: `federation ${hs.serverName}`, host: hs.host, service: own, serverName: hs.serverName });
        if (hs.federation.port8448) certificate(domain, 8448, hs.host, own);
    }
    if (hs.wellKnownDelegation) {
        certificate(hs.serverName, 443, hs.host, own);
        if (!skip.has("client-discovery")) {
            checks.push({ kind: "client-discovery", check: `client-discovery ${hs.serverName}`, host: hs.host, service: own, serverName: hs.serverName, homeserverUrl: publicUrl });
        }
    }
    for (const bridge of stack.bridges) {
        if (bridge.type === "matrix-hookshot" && bridge.homeserver === hs.name && bridge.webhookDomain !== undefined) {
            certificate(bridge.webhookDomain, 443, hs.host, `bridge/${bridge.id}`);
        }
    }
    for (const element of stack.elements.filter((e) => e.homeserver === hs.name)) {
        certificate(element.domain, 443, element.host, `element/${element.name}`);
        if (!skip.has("element")) {
            checks.push({ kind: "element", check: `element ${element.domain}`, host: element.host, service: `element/${element.name}`, domain: element.domain, homeserverUrl: publicUrl });
        }
    }
    // Its own host's backup: the step runs there, where the stamp and the unit's state are.
    if (stack.spec.backup !== undefined && !skip.has("backup")) {
        checks.push({
            kind: "backup",
            check: `backup ${hs.host}`,
            host: hs.host,
            service: own,
            stampFile: BACKUP_STAMP_FILE,
            sinceFile: BACKUP_SINCE_FILE,
            unit: BACKUP_UNIT,
            maxAgeHours: BACKUP_MAX_AGE_HOURS,
        });
    }
    if (!skip.has("certificates")) {
        for (const [key, c] of [...certificates].sort(byText(([k]) => k))) {
            checks.push({ kind: "certificate", check: `certificate ${key}`, host: c.host, service: c.service, name: c.name, port: c.port, minDays: CERTIFICATE_MIN_DAYS });
        }
    }
    return checks;
}

/** The TURN secret as the homeserver's host holds it (the homeserver hands credentials from it). */
function turnSecretSource(hs: ResolvedHomeserver, turn: ResolvedTurn): SecretSource {
    const secret = secretNames.turnStaticAuthSecret(turn.name);
    return hs.implementation === "synapse"
        ? { secret, file: synapseSecretConfigPath(hs.name), format: "yaml", key: "turn_shared_secret" }
        : { secret, file: conduitEnvPath(hs.name), format: "env", key: `${conduitFamilyServer(hs.implementation, hs.serverName).envPrefix}TURN_SECRET` };
}

/** The first usable IPv4 address of the first IPv4 denied range that is not `0.0.0.0/8`. */
function deniedPeer(turn: ResolvedTurn): string {
    for (const range of turn.deniedPeerRanges) {
        const low = range.split(/[-/]/)[0]!;
        const octets = low.split(".").map(Number);
        if (octets.length !== 4 || octets[0] === 0) continue;
        return octets[3] === 0 ? [...octets.slice(0, 3), 1].join(".") : low;
    }
    return "127.0.0.1";
}
