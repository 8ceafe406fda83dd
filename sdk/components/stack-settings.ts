/**
 * Stack-wide settings: everything not owned by one component. They live in the
 * `nixos-matrix` config namespace so that TypeScript, YAML and Python programs set them
 * the same way (`pulumi config set nixos-matrix:acmeEmail admin@example.org`).
 */
import * as pulumi from "@pulumi/pulumi";
import { SpecError } from "../spec/errors";

export const CONFIG_NAMESPACE = "nixos-matrix";

export interface StackSettings {
    /** `nixos-matrix:name`: prefix of every cloud resource name. @default "matrix" */
    readonly name?: string;
    /** `nixos-matrix:acmeEmail`: required; Let's Encrypt writes here about expiring certificates. */
    readonly acmeEmail?: string;
    /** `nixos-matrix:acmeStaging`: use Let's Encrypt's staging CA. @default false */
    readonly acmeStaging?: boolean;
    /** `nixos-matrix:privateNetwork`: the stack's private network. @default "10.80.0.0/16" */
    readonly privateNetwork?: string;
    /**
     * `nixos-matrix:mesh`: hosts talk over a WireGuard mesh; `false`: over your own private
     * network, with `privateInterface` on every existing host that opens private ports.
     * @default true for a stack of more than one host
     */
    readonly mesh?: boolean;
    /** `nixos-matrix:meshNetwork`: the block mesh addresses come from, apart from `privateNetwork`. @default "10.81.0.0/24" */
    readonly meshNetwork?: string;
    /**
     * `nixos-matrix:meshEndpoints`: `public`: peers reach each host's WireGuard at its public
     * address; `private`: at its private address, for hosts sharing a trusted LAN (a Hetzner
     * Cloud Network, or `privateAddress` of existing hosts). @default "public"
     */
    readonly meshEndpoints?: string;
    /** `nixos-matrix:sshSourceRanges`: JSON list of CIDR blocks allowed to reach SSH. @default any */
    readonly sshSourceRanges?: string[];
    /** `nixos-matrix:dnsZone`: the Hetzner DNS zone holding the records; unset: records are only listed as outputs. */
    readonly dnsZone?: string;
    /** `nixos-matrix:createDnsZone`: create `dnsZone` instead of using an existing zone of that name. @default false */
    readonly createDnsZone?: boolean;
    /** `nixos-matrix:dnsTtl`: TTL of every record, at least 60. @default 300 */
    readonly dnsTtl?: number;
    /** `nixos-matrix:backupRepository`: restic repository, `s3:https://endpoint/bucket` or `sftp:user@host:/path`; unset: no backups. */
    readonly backupRepository?: string;
    /** `nixos-matrix:backupSchedule`: systemd OnCalendar of the backups. @default "daily" */
    readonly backupSchedule?: string;
    /** `nixos-matrix:backupKeepDaily`, `backupKeepWeekly`, `backupKeepMonthly`: snapshots kept. @default 7, 4, 6 */
    readonly backupKeepDaily?: number;
    readonly backupKeepWeekly?: number;
    readonly backupKeepMonthly?: number;
    /** `nixos-matrix:backupAccessKeyId` (secret): S3 repositories. */
    readonly backupAccessKeyId?: pulumi.Input<string>;
    /** `nixos-matrix:backupSecretAccessKey` (secret): S3 repositories. */
    readonly backupSecretAccessKey?: pulumi.Input<string>;
    /** `nixos-matrix:backupSshPrivateKey` (secret): SFTP repositories. */
    readonly backupSshPrivateKey?: pulumi.Input<string>;
    /** `nixos-matrix:backupKnownHosts`: SFTP repositories, the repository host's known_hosts line(s). */
    readonly backupKnownHosts?: string;
    /**
     * `nixos-matrix:nixpkgs`: JSON `{ "url": "https://...", "sha256": "<nix base-32>", "release": "26.05" }`,
     * the nixpkgs every host builds against; `release` may be left out for a channel release URL.
     * @default the library's pin
     */
    readonly nixpkgs?: unknown;
    /** `nixos-matrix:postgresqlVersion`: PostgreSQL major of Synapse's database. @default NixOS's for the host's stateVersion */
    readonly postgresqlVersion?: number;
    /** `nixos-matrix:upgradeDumps`: pre-upgrade database dumps each homeserver host keeps. @default 3 */
    readonly upgradeDumps?: number;
}

/** The config key each setting is read from, for error messages. */
export const SETTING_KEYS: Record<keyof StackSettings, string> = {
    name: `${CONFIG_NAMESPACE}:name`,
    acmeEmail: `${CONFIG_NAMESPACE}:acmeEmail`,
    acmeStaging: `${CONFIG_NAMESPACE}:acmeStaging`,
    privateNetwork: `${CONFIG_NAMESPACE}:privateNetwork`,
    mesh: `${CONFIG_NAMESPACE}:mesh`,
    meshNetwork: `${CONFIG_NAMESPACE}:meshNetwork`,
    meshEndpoints: `${CONFIG_NAMESPACE}:meshEndpoints`,
    sshSourceRanges: `${CONFIG_NAMESPACE}:sshSourceRanges`,
    dnsZone: `${CONFIG_NAMESPACE}:dnsZone`,
    createDnsZone: `${CONFIG_NAMESPACE}:createDnsZone`,
    dnsTtl: `${CONFIG_NAMESPACE}:dnsTtl`,
    backupRepository: `${CONFIG_NAMESPACE}:backupRepository`,
    backupSchedule: `${CONFIG_NAMESPACE}:backupSchedule`,
    backupKeepDaily: `${CONFIG_NAMESPACE}:backupKeepDaily`,
    backupKeepWeekly: `${CONFIG_NAMESPACE}:backupKeepWeekly`,
    backupKeepMonthly: `${CONFIG_NAMESPACE}:backupKeepMonthly`,
    backupAccessKeyId: `${CONFIG_NAMESPACE}:backupAccessKeyId`,
    backupSecretAccessKey: `${CONFIG_NAMESPACE}:backupSecretAccessKey`,
    backupSshPrivateKey: `${CONFIG_NAMESPACE}:backupSshPrivateKey`,
    backupKnownHosts: `${CONFIG_NAMESPACE}:backupKnownHosts`,
    nixpkgs: `${CONFIG_NAMESPACE}:nixpkgs`,
    postgresqlVersion: `${CONFIG_NAMESPACE}:postgresqlVersion`,
    upgradeDumps: `${CONFIG_NAMESPACE}:upgradeDumps`,
};

type SettingKind = "string" | "boolean" | "number" | "list" | "object";

const SETTING_KINDS: Record<Exclude<keyof StackSettings, (typeof SECRET_SETTINGS)[number]>, SettingKind> = {
    name: "string",
    acmeEmail: "string",
    acmeStaging: "boolean",
    privateNetwork: "string",
    mesh: "boolean",
    meshNetwork: "string",
    meshEndpoints: "string",
    sshSourceRanges: "list",
    dnsZone: "string",
    createDnsZone: "boolean",
    dnsTtl: "number",
    nixpkgs: "object",
    postgresqlVersion: "number",
    upgradeDumps: "number",
    backupRepository: "string",
    backupSchedule: "string",
    backupKeepDaily: "number",
    backupKeepWeekly: "number",
    backupKeepMonthly: "number",
    backupKnownHosts: "string",
};

/** Credentials, read as secrets: never parsed here, checked by the spec once known. */
const SECRET_SETTINGS = ["backupAccessKeyId", "backupSecretAccessKey", "backupSshPrivateKey"] as const;

const KIND_MESSAGES: Record<Exclude<SettingKind, "string">, string> = {
    boolean: "must be true or false",
    number: "must be a number, e.g. 300",
    list: 'must be a JSON list of strings, e.g. ["203.0.113.0/24"]',
    object: 'must be a JSON object, e.g. {"url": "https://…", "sha256": "…"}',
};

/** One setting's text as its type; undefined when the text does not fit. */
function parseSetting(kind: SettingKind, text: string): unknown {
    switch (kind) {
        case "string":
            return text;
        case "boolean":
            return text === "true" ? true : text === "false" ? false : undefined;
        case "number":
            return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined;
        case "list": {
            const value = parseJson(text);
            return Array.isArray(value) && value.every((v) => typeof v === "string") ? value : undefined;
        }
        case "object": {
            const value = parseJson(text);
            return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
        }
    }
}

/** The JSON value of `text`, or undefined when it is not JSON. */
function parseJson(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return undefined;
    }
}

/**
 * Reads the settings, each checked against its type here rather than by `pulumi.Config`,
 * so that a wrong one is a SpecError naming its key like every other bad input.
 */
export function readStackSettings(): StackSettings {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    const settings: Record<string, unknown> = {};
    const issues: { path: string; message: string }[] = [];
    for (const [key, kind] of Object.entries(SETTING_KINDS) as [keyof StackSettings, SettingKind][]) {
        const text = config.get(key);
        if (text === undefined) continue;
        const value = parseSetting(kind, text);
        if (value === undefined) issues.push({ path: `config ${SETTING_KEYS[key]}`, message: KIND_MESSAGES[kind as Exclude<SettingKind, "string">] });
        else settings[key] = value;
    }
    for (const key of SECRET_SETTINGS) {
        // Config is known when the program starts, secret or not: an empty one is refused here,
        // without reading it through get() (which warns that a secret was read as plain).
        const text = pulumi.runtime.getConfig(SETTING_KEYS[key]);
        if (text === undefined) continue;
        if (text.trim() === "") issues.push({ path: `config ${SETTING_KEYS[key]}`, message: "must not be empty" });
        else settings[key] = config.requireSecret(key);
    }
    if (issues.length > 0) throw new SpecError(issues);
    return settings as StackSettings;
}

/** Checks the settings the spec does not cover (DNS); the spec checks the rest. */
export function validateSettings(settings: StackSettings): void {
    const issues: { path: string; message: string }[] = [];
    if (settings.dnsTtl !== undefined && (!Number.isInteger(settings.dnsTtl) || settings.dnsTtl < 60)) {
        issues.push({ path: `config ${SETTING_KEYS.dnsTtl}`, message: "must be a whole number of seconds, at least 60" });
    }
    const zone = settings.dnsZone;
    if (zone !== undefined && (zone !== zone.toLowerCase() || zone.endsWith(".") || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(zone))) {
        issues.push({ path: `config ${SETTING_KEYS.dnsZone}`, message: "must be a lower-case zone name without a trailing dot, e.g. example.org" });
    }
    if (settings.createDnsZone && zone === undefined) {
        issues.push({ path: `config ${SETTING_KEYS.createDnsZone}`, message: `needs ${SETTING_KEYS.dnsZone}` });
    }
    if (issues.length > 0) throw new SpecError(issues);
}
