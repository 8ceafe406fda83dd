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
}

/** The config key each setting is read from, for error messages. */
export const SETTING_KEYS: Record<keyof StackSettings, string> = {
    name: `${CONFIG_NAMESPACE}:name`,
    acmeEmail: `${CONFIG_NAMESPACE}:acmeEmail`,
    acmeStaging: `${CONFIG_NAMESPACE}:acmeStaging`,
    privateNetwork: `${CONFIG_NAMESPACE}:privateNetwork`,
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
};

/** Reads the settings; `pulumi.Config` throws its own clear message on a malformed value. */
export function readStackSettings(): StackSettings {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    return {
        name: config.get("name"),
        acmeEmail: config.get("acmeEmail"),
        acmeStaging: config.getBoolean("acmeStaging"),
        privateNetwork: config.get("privateNetwork"),
        sshSourceRanges: config.getObject<string[]>("sshSourceRanges"),
        dnsZone: config.get("dnsZone"),
        createDnsZone: config.getBoolean("createDnsZone"),
        dnsTtl: config.getNumber("dnsTtl"),
        backupRepository: config.get("backupRepository"),
        backupSchedule: config.get("backupSchedule"),
        backupKeepDaily: config.getNumber("backupKeepDaily"),
        backupKeepWeekly: config.getNumber("backupKeepWeekly"),
        backupKeepMonthly: config.getNumber("backupKeepMonthly"),
        backupAccessKeyId: config.getSecret("backupAccessKeyId"),
        backupSecretAccessKey: config.getSecret("backupSecretAccessKey"),
        backupSshPrivateKey: config.getSecret("backupSshPrivateKey"),
        backupKnownHosts: config.get("backupKnownHosts"),
    };
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
