/**
 * Helpers components use to fill in their outputs from the planned stack.
 */
import * as pulumi from "@pulumi/pulumi";
import type { HostServices } from "../plan/types";
import { secretNames } from "../plan/secrets";
import type { DnsRecordValue, PlannedStack } from "./declarations";

/** DNS records of `host` whose name passes `match`, with their values once known. */
export function dnsRecordsOf(
    stack: PlannedStack,
    match: (fqdn: string) => boolean,
    host?: string,
): pulumi.Output<DnsRecordValue[]> {
    const records = stack.dnsRecords.filter((r) => match(r.fqdn) && (host === undefined || r.host === host));
    return pulumi.all(records.map((r) => r.value.apply((value) => ({ name: r.fqdn, type: r.type, value }))));
}


/**
 * The component's declared outputs: its own Output-valued properties (except `urn`).
 * Why: the class properties are the one list of outputs; `registerOutputs` reads them
 * instead of repeating them by hand.
 */
export function ownOutputs(component: pulumi.ComponentResource): Record<string, pulumi.Output<unknown>> {
    return Object.fromEntries(
        Object.entries(component).filter(([key, value]) => key !== "urn" && !key.startsWith("__") && pulumi.Output.isInstance(value)),
    ) as Record<string, pulumi.Output<unknown>>;
}

type NamedServices = "homeservers" | "turnServers" | "elements";

/** A named service's resolved spec in the plan, and the host it runs on. */
export function plannedService<K extends NamedServices>(
    stack: PlannedStack,
    list: K,
    name: string,
): { readonly host: string; readonly spec: HostServices[K][number] } {
    for (const host of stack.plan.hosts) {
        const spec = (host.services[list] as readonly HostServices[K][number][]).find((s) => s.name === name);
        if (spec) return { host: host.name, spec };
    }
    throw new Error(`internal: ${list} entry "${name}" is missing from the plan`);
}

/** One check of the post-deploy verify step, as components report it. */
export interface VerificationValue {
    /** What was checked, e.g. `bridge telegram`, `federation example.org`, `certificate matrix.example.org:443`. */
    readonly check: string;
    /** The host whose service was checked. */
    readonly host: string;
    /** Whether the check passed. */
    readonly ok: boolean;
    /** The evidence: what was seen, or why it failed. */
    readonly detail: string;
}

/**
 * The verify results that concern a service (`bridge/telegram`, `turn/turn`, ...), or every
 * result of a homeserver's run for `homeserver/<name>`.
 */
export function verificationOf(stack: PlannedStack, service: string): pulumi.Output<VerificationValue[]> {
    const own = service.startsWith("homeserver/") ? stack.verifications.get(service.slice("homeserver/".length))?.results : undefined;
    const runs = own ? [own] : [...stack.verifications.values()].map((v) => v.results);
    return pulumi
        .all(runs)
        .apply((all) =>
            all.flat().filter((r) => own !== undefined || r.service === service).map(({ check, host, ok, detail }) => ({ check, host, ok, detail })),
        );
}

/** The host's restic repository password (a secret Output), or undefined when it backs up nothing. */
export function backupPasswordOf(stack: PlannedStack, host: string): pulumi.Output<string | undefined> {
    const password: pulumi.Output<string> | undefined = stack.secrets.get(secretNames.backupPassword(host));
    if (password === undefined) return pulumi.output<string | undefined>(undefined);
    return password.apply((value): string | undefined => value);
}
