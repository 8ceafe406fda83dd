/**
 * Checks run on the finished plan before any resource is created, so that nothing a
 * resource's apply would find later (a bundle that cannot be rendered, a DNS zone that
 * does not hold a name, hosts in two network zones) fails halfway through a deploy.
 */
import { renderBundle } from "../nixos/render-bundle";
import type { StackPlan } from "../plan/types";
import { SpecError } from "../spec/errors";
import { componentLabel } from "./component-spec";
import type { HostDeclaration } from "./declarations";
import { checkDnsZone } from "./stack-dns";
import { networkZone } from "./stack-network";
import type { StackSettings } from "./stack-settings";

/** Stands in for keys generated during the deploy; only its shape matters to rendering. */
const TRIAL_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** Stands in for the id Hetzner gives the state Volume. */
const TRIAL_VOLUME_ID = 1;

/** @returns the network zone of the stack's Hetzner hosts (undefined: none). */
export function preflight(plan: StackPlan, hosts: readonly HostDeclaration[], settings: StackSettings): string | undefined {
    const zone = networkZone(plan, hosts);
    checkDnsZone(plan, settings);
    const issues = plan.hosts.flatMap((host) => {
        try {
            const hostPublicKey = host.spec.provider === "existing" ? host.spec.hostKey : TRIAL_KEY;
            const stateVolumeId = host.spec.provider === "hetzner" && host.spec.volumeSizeGb > 0 ? TRIAL_VOLUME_ID : undefined;
            renderBundle(host, plan, { deployPublicKey: TRIAL_KEY, hostPublicKey, stateVolumeId });
            return [];
        } catch (err) {
            const className = hosts.find((d) => d.name === host.name)?.className ?? "host";
            return [{ path: componentLabel(className, host.name), message: err instanceof Error ? err.message : String(err) }];
        }
    });
    if (issues.length > 0) throw new SpecError(issues);
    return zone;
}
