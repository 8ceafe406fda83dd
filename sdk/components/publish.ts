/**
 * Helpers components use to fill in their outputs from the planned stack.
 */
import * as pulumi from "@pulumi/pulumi";
import type { DnsRecordValue, PlannedStack } from "./declarations";
import type { Deferred } from "./deferred";

/** DNS records of `host` whose name passes `match`, with their values once known. */
export function dnsRecordsOf(
    stack: PlannedStack,
    match: (fqdn: string) => boolean,
    host?: string,
): pulumi.Output<DnsRecordValue[]> {
    const records = stack.dnsRecords.filter((r) => match(r.fqdn) && (host === undefined || r.host === host));
    return pulumi.all(records.map((r) => r.value.apply((value) => ({ name: r.fqdn, type: r.type, value }))));
}

/** A `fail` callback abandoning every deferred output of a component. */
export function failAll(...deferred: Pick<Deferred<unknown>, "abandon">[]): () => void {
    return () => {
        for (const d of deferred) d.abandon();
    };
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
