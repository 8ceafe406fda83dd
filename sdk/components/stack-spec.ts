/**
 * Assembles the whole StackSpec input from the declarations and the stack settings, and
 * translates the spec's paths (`bridges[2].port`) back to what the user wrote
 * (`Bridge "irc".port`, `config nixos-matrix:acmeEmail`).
 */
import { SpecError } from "../spec/errors";
import type { StackSpecInput } from "../spec/stack";
import { componentLabel } from "./component-spec";
import { compact } from "./known-inputs";
import { SPEC_LISTS, type Declaration } from "./declarations";
import { SETTING_KEYS, type StackSettings } from "./stack-settings";

type SpecList = (typeof SPEC_LISTS)[keyof typeof SPEC_LISTS];

export function assembleStackSpec(
    declarations: readonly Declaration[],
    specs: ReadonlyMap<Declaration, Record<string, unknown>>,
    settings: StackSettings,
): StackSpecInput {
    const lists: Record<SpecList, Record<string, unknown>[]> = {
        hosts: [],
        homeservers: [],
        turnServers: [],
        elements: [],
        bridges: [],
        moderationBots: [],
    };
    for (const d of declarations) {
        const entry = specs.get(d);
        if (!entry) throw new Error(`internal: ${componentLabel(d.className, d.name)} has no spec`);
        lists[SPEC_LISTS[d.kind]].push(entry);
    }
    const acme: Record<string, unknown> = { email: settings.acmeEmail };
    if (settings.acmeStaging !== undefined) acme.staging = settings.acmeStaging;
    const input: Record<string, unknown> = { acme, ...lists };
    if (settings.name !== undefined) input.name = settings.name;
    if (settings.privateNetwork !== undefined) input.privateNetwork = settings.privateNetwork;
    if (settings.mesh !== undefined) input.mesh = settings.mesh;
    if (settings.meshNetwork !== undefined) input.meshNetwork = settings.meshNetwork;
    if (settings.meshEndpoints !== undefined) input.meshEndpoints = settings.meshEndpoints;
    if (settings.sshSourceRanges !== undefined) input.sshSourceRanges = settings.sshSourceRanges;
    const backup = backupInput(settings);
    if (backup !== undefined) input.backup = backup;
    if (settings.nixpkgs !== undefined) input.nixpkgs = settings.nixpkgs;
    if (settings.postgresqlVersion !== undefined) input.postgresqlVersion = settings.postgresqlVersion;
    if (settings.upgradeDumps !== undefined) input.upgradeDumps = settings.upgradeDumps;
    return input as StackSpecInput;
}

/** The spec's `backup` from the `backup*` settings; undefined when no setting names one. */
function backupInput(settings: StackSettings): Record<string, unknown> | undefined {
    const given = (Object.keys(SETTING_KEYS) as (keyof StackSettings)[]).filter((k) => k.startsWith("backup") && settings[k] !== undefined);
    if (given.length === 0) return undefined;
    const keep = compact({ daily: settings.backupKeepDaily, weekly: settings.backupKeepWeekly, monthly: settings.backupKeepMonthly });
    const credentials = compact({
        accessKeyId: settings.backupAccessKeyId,
        secretAccessKey: settings.backupSecretAccessKey,
        sshPrivateKey: settings.backupSshPrivateKey,
        knownHosts: settings.backupKnownHosts,
    });
    return compact({ repository: settings.backupRepository, schedule: settings.backupSchedule, keep, credentials });
}

const SETTING_PATHS: Record<string, string> = {
    name: SETTING_KEYS.name,
    "acme.email": SETTING_KEYS.acmeEmail,
    acme: SETTING_KEYS.acmeEmail,
    "acme.staging": SETTING_KEYS.acmeStaging,
    privateNetwork: SETTING_KEYS.privateNetwork,
    mesh: SETTING_KEYS.mesh,
    meshNetwork: SETTING_KEYS.meshNetwork,
    meshEndpoints: SETTING_KEYS.meshEndpoints,
    sshSourceRanges: SETTING_KEYS.sshSourceRanges,
    "backup.repository": SETTING_KEYS.backupRepository,
    "backup.schedule": SETTING_KEYS.backupSchedule,
    "backup.keep.daily": SETTING_KEYS.backupKeepDaily,
    "backup.keep.weekly": SETTING_KEYS.backupKeepWeekly,
    "backup.keep.monthly": SETTING_KEYS.backupKeepMonthly,
    "backup.credentials.accessKeyId": SETTING_KEYS.backupAccessKeyId,
    "backup.credentials.secretAccessKey": SETTING_KEYS.backupSecretAccessKey,
    "backup.credentials.sshPrivateKey": SETTING_KEYS.backupSshPrivateKey,
    "backup.credentials.knownHosts": SETTING_KEYS.backupKnownHosts,
    nixpkgs: SETTING_KEYS.nixpkgs,
    postgresqlVersion: SETTING_KEYS.postgresqlVersion,
    upgradeDumps: SETTING_KEYS.upgradeDumps,
};

/** Settings holding a JSON object: their fields' paths follow the key (`config nixos-matrix:nixpkgs.sha256`). */
const OBJECT_SETTINGS = new Set(["nixpkgs"]);

/** Rewrites one spec path, e.g. `bridges[2].credentials.apiId` -> `Bridge "telegram".telegramApiId`. */
export function userPath(declarations: readonly Declaration[], specPath: string): string {
    const match = /^(hosts|homeservers|turnServers|elements|bridges|moderationBots)\[(\d+)\]\.?(.*)$/.exec(specPath);
    if (match) {
        const [, list, index, rest] = match;
        const d = declarations.filter((x) => SPEC_LISTS[x.kind] === list)[Number(index)];
        if (!d) return specPath;
        const label = componentLabel(d.className, d.name);
        return rest ? `${label}.${d.argPath(rest)}` : label;
    }
    for (const [prefix, key] of Object.entries(SETTING_PATHS)) {
        const inside = specPath.startsWith(`${prefix}[`) || (OBJECT_SETTINGS.has(prefix) && specPath.startsWith(`${prefix}.`));
        if (specPath === prefix || inside) return `config ${key}${specPath.slice(prefix.length)}`;
    }
    return specPath;
}

const EMBEDDED_PATH = /\b(?:hosts|homeservers|turnServers|elements|bridges|moderationBots)\[\d+\](?:\.[A-Za-z0-9]+)*/g;

/** The same error with every path in user terms, also paths quoted inside messages. */
export function inUserTerms(declarations: readonly Declaration[], error: SpecError): SpecError {
    return new SpecError(
        error.issues.map((issue) => ({
            path: userPath(declarations, issue.path),
            message: issue.message.replace(EMBEDDED_PATH, (found) => userPath(declarations, found)),
        })),
    );
}
