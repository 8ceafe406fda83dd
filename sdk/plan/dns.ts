/**
 * DNS records for every public name, pointing at the host that serves it. A Hetzner host
 * has both IPv4 and IPv6, so it gets A and AAAA; an existing host gets the record type of
 * its one public address.
 */
import type { HostSpec } from "../spec/host";
import { ipFamily } from "./ip";
import type { ResolvedStack } from "./resolve";
import type { DnsRecord } from "./types";
import { byText } from "./order";

function recordTypes(host: HostSpec): DnsRecord["type"][] {
    if (host.provider === "hetzner") return ["A", "AAAA"];
    return [ipFamily(host.address) === 6 ? "AAAA" : "A"];
}

interface PublicName {
    readonly fqdn: string;
    readonly host: string;
    readonly why: string;
}

/** Every public name of the stack, in declaration order. */
export function publicNames(stack: ResolvedStack): PublicName[] {
    const names: PublicName[] = [];
    for (const hs of stack.homeservers) {
        names.push({ fqdn: hs.domain, host: hs.host, why: `homeserver ${hs.name} domain` });
        if (hs.wellKnownDelegation && hs.serverName !== hs.domain) {
            const why = `homeserver ${hs.name} server name (.well-known delegation)`;
            names.push({ fqdn: hs.serverName, host: hs.host, why });
        }
    }
    for (const turn of stack.turnServers) {
        names.push({ fqdn: turn.realm, host: turn.host, why: `TURN server ${turn.name} realm` });
    }
    for (const element of stack.elements) {
        names.push({ fqdn: element.domain, host: element.host, why: `Element ${element.name} domain` });
    }
    // nginx on the homeserver's host serves a hookshot bridge's own webhook domain.
    for (const bridge of stack.bridges) {
        if (bridge.type !== "matrix-hookshot" || bridge.webhookDomain === undefined) continue;
        names.push({ fqdn: bridge.webhookDomain, host: stack.homeserver(bridge.homeserver).host, why: `hookshot bridge ${bridge.id} webhooks` });
    }
    return names;
}

/**
 * A and AAAA records, one per name and type, sorted by name then type. A name claimed by two
 * services on the same host is one record whose `why` lists both; on two hosts it is refused.
 */
export function stackDnsRecords(stack: ResolvedStack): DnsRecord[] {
    const records = new Map<string, DnsRecord>();
    for (const name of publicNames(stack)) {
        for (const type of recordTypes(stack.host(name.host))) {
            const key = `${name.fqdn} ${type}`;
            const seen = records.get(key);
            if (seen === undefined) {
                records.set(key, { fqdn: name.fqdn, type, host: name.host, why: name.why });
            } else if (seen.host !== name.host) {
                throw new Error(
                    `${name.fqdn} would point at both host ${seen.host} (${seen.why}) and host ${name.host} (${name.why})`,
                );
            } else if (!seen.why.split("; ").includes(name.why)) {
                records.set(key, { ...seen, why: `${seen.why}; ${name.why}` });
            }
        }
    }
    return [...records.values()].sort(byText((r) => `${r.fqdn} ${r.type}`));
}
