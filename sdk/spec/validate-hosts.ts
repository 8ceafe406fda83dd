import type { SpecIssue } from "./errors";
import type { StackSpec } from "./stack";

/** IPv6 addresses may be written in upper or lower case. */
function addressKey(address: string): string {
    return address.toLowerCase();
}

/**
 * Existing hosts are told apart by address: two entries with one address would be
 * configured twice, each switch undoing the other.
 */
export function checkExistingHostAddresses(spec: StackSpec): SpecIssue[] {
    const seen = new Map<string, string>();
    const issues: SpecIssue[] = [];
    spec.hosts.forEach((host, i) => {
        if (host.provider !== "existing") return;
        const addresses: [string, string][] = [[`hosts[${i}].address`, host.address]];
        if (host.privateAddress !== undefined && host.privateAddress !== host.address) {
            addresses.push([`hosts[${i}].privateAddress`, host.privateAddress]);
        }
        for (const [path, address] of addresses) {
            const earlier = seen.get(addressKey(address));
            if (earlier === undefined) seen.set(addressKey(address), path);
            else issues.push({ path, message: `'${address}' is already ${earlier}` });
        }
    });
    return issues;
}
