import { SpecError, type SpecIssue } from "./errors";
import type { StackSpec } from "./stack";
import { checkBridgeNamespaces, checkIrcNetworks, checkOneBridgePerTypeAndHost } from "./validate-bridges";
import { checkDomainsDistinct, checkFederationReachable } from "./validate-domains";
import { checkExistingHostAddresses, checkMeshNetwork, checkPrivateInterfaces } from "./validate-hosts";
import { checkPortBounds, checkPortCollisions } from "./validate-ports";
import { checkReferences, checkUniqueNames } from "./validate-references";
import { checkBridgeReleases, checkNixpkgsRelease } from "./validate-release";
import { checkModerationBots } from "./validate-moderation-bots";
import { checkWorkers } from "./validate-workers";

/** Cross-field rules, in the order their issues are reported. */
const STACK_RULES: readonly ((spec: StackSpec) => SpecIssue[])[] = [
    checkUniqueNames,
    checkReferences,
    checkWorkers,
    checkExistingHostAddresses,
    checkPrivateInterfaces,
    checkMeshNetwork,
    checkDomainsDistinct,
    checkFederationReachable,
    checkPortBounds,
    checkPortCollisions,
    checkOneBridgePerTypeAndHost,
    checkBridgeNamespaces,
    checkIrcNetworks,
    checkModerationBots,
    checkNixpkgsRelease,
    checkBridgeReleases,
];

/** Every cross-field problem of a parsed stack, in a stable order. */
export function stackIssues(spec: StackSpec): SpecIssue[] {
    return STACK_RULES.flatMap((rule) => rule(spec));
}

/**
 * Checks what no single field can: names and references, domains, ports per host,
 * bridge namespaces. Throws one SpecError listing every problem found.
 */
export function validateStack(spec: StackSpec): void {
    const issues = stackIssues(spec);
    if (issues.length > 0) throw new SpecError(issues);
}
