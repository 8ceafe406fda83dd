/**
 * DNS: every planned A/AAAA record with its value, and, when `nixos-matrix:dnsZone` is
 * set, a Hetzner `ZoneRrset` per record in that zone (created, or an existing zone by
 * name). Rules from Hetzner's API: rrset names are relative to the zone, `@` for the apex,
 * lower case, TTL at least 60.
 */
import * as hcloud from "@pulumi/hcloud";
import type * as pulumi from "@pulumi/pulumi";
import { SpecError } from "../spec/errors";
import type { DnsRecord, StackPlan } from "../plan/types";
import type { Declaration, HostEndpoint, PlannedStack } from "./declarations";
import { SETTING_KEYS, type StackSettings } from "./stack-settings";

export const DEFAULT_DNS_TTL = 300;

/** The rrset name of `fqdn` inside `zone`, or undefined when it is outside the zone. */
export function rrsetName(fqdn: string, zone: string): string | undefined {
    if (fqdn === zone) return "@";
    return fqdn.endsWith(`.${zone}`) ? fqdn.slice(0, -(zone.length + 1)) : undefined;
}

function recordValue(record: DnsRecord, endpoint: HostEndpoint | undefined): pulumi.Output<string> {
    const value = record.type === "A" ? endpoint?.publicIpv4 : endpoint?.publicIpv6;
    if (!value) throw new Error(`internal: host "${record.host}" has no ${record.type === "A" ? "IPv4" : "IPv6"} address for ${record.fqdn}`);
    return value;
}

/** Refuses a zone that does not hold every planned name; pure, run by preflight before anything is created. */
export function checkDnsZone(plan: StackPlan, settings: StackSettings): void {
    const zoneName = settings.dnsZone;
    if (zoneName === undefined) return;
    const outside = [...new Set(plan.dns.filter((r) => rrsetName(r.fqdn, zoneName) === undefined).map((r) => r.fqdn))];
    if (outside.length > 0) {
        throw new SpecError([
            {
                path: `config ${SETTING_KEYS.dnsZone}`,
                message: `${outside.join(", ")} not in zone ${zoneName}; unset dnsZone and use the dnsRecords outputs, or use a zone holding every name`,
            },
        ]);
    }
}

export function createDnsRecords(
    plan: StackPlan,
    endpoints: ReadonlyMap<string, HostEndpoint>,
    settings: StackSettings,
    declarations: readonly Declaration[],
): PlannedStack["dnsRecords"] {
    const records = plan.dns.map((record) => ({
        fqdn: record.fqdn,
        type: record.type,
        host: record.host,
        value: recordValue(record, endpoints.get(record.host)),
    }));
    const zoneName = settings.dnsZone;
    if (zoneName === undefined) return records;

    const ttl = settings.dnsTtl ?? DEFAULT_DNS_TTL;
    const zone: pulumi.Input<string> = settings.createDnsZone
        ? new hcloud.Zone(`${plan.name}-zone`, { name: zoneName, mode: "primary", ttl, labels: { "nixos-matrix-stack": plan.name } }).name
        : zoneName;
    for (const record of records) {
        const parent = declarations.find((d) => d.kind === "host" && d.name === record.host)?.component;
        new hcloud.ZoneRrset(
            `${record.host}-${record.fqdn}-${record.type}`,
            {
                zone,
                name: rrsetName(record.fqdn, zoneName) as string,
                type: record.type,
                ttl,
                records: [{ value: record.value }],
                labels: { "nixos-matrix-stack": plan.name },
            },
            { parent },
        );
    }
    return records;
}
