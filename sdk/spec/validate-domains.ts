import type { SpecIssue } from "./errors";
import { homeserverDomain } from "./resolved-defaults";
import type { StackSpec } from "./stack";

interface DomainClaim {
    readonly domain: string;
    /** Field path of the claim, e.g. `elements[0].domain`. */
    readonly path: string;
}

/**
 * Rule: every domain in the stack belongs to exactly one service. A homeserver claims its
 * serverName and its domain (one name when they are equal); an Element claims its
 * domain; a TURN server claims its realm; a hookshot bridge its webhookDomain.
 * Why: each name gets one DNS record pointing at one host, and one certificate owned by
 * one service. The TURN realm's certificate belongs to coturn's group and reloads
 * coturn: on a host without nginx it is issued by standalone HTTP-01 on port 80, on a
 * host with nginx through nginx (port 80 is nginx's there). Sharing a name with an nginx
 * vhost would tie both services to one certificate and, across hosts, to one address.
 */
export function checkDomainsDistinct(spec: StackSpec): SpecIssue[] {
    const claims: DomainClaim[] = [];
    spec.homeservers.forEach((hs, i) => {
        claims.push({ domain: hs.serverName, path: `homeservers[${i}].serverName` });
        const domain = homeserverDomain(hs);
        if (domain !== hs.serverName) claims.push({ domain, path: `homeservers[${i}].domain` });
    });
    spec.turnServers.forEach((turn, i) => claims.push({ domain: turn.realm, path: `turnServers[${i}].realm` }));
    spec.elements.forEach((element, i) => claims.push({ domain: element.domain, path: `elements[${i}].domain` }));
    spec.bridges.forEach((bridge, i) => {
        if (bridge.type === "matrix-hookshot" && bridge.webhookDomain !== undefined) claims.push({ domain: bridge.webhookDomain, path: `bridges[${i}].webhookDomain` });
    });

    const owner = new Map<string, string>();
    const issues: SpecIssue[] = [];
    for (const claim of claims) {
        const earlier = owner.get(claim.domain);
        if (earlier === undefined) owner.set(claim.domain, claim.path);
        else {
            issues.push({
                path: claim.path,
                message: `'${claim.domain}' is already ${earlier}: each domain in the stack belongs to one service`,
            });
        }
    }
    return issues;
}

/**
 * Federation must be reachable: other servers look up `serverName`, so when the APIs
 * are served on another domain, either `.well-known` delegation or port 8448 must lead
 * them there.
 */
export function checkFederationReachable(spec: StackSpec): SpecIssue[] {
    return spec.homeservers.flatMap((hs, i): SpecIssue[] => {
        const path = `homeservers[${i}]`;
        if (hs.federation.port8448 && !hs.federation.enabled) {
            return [{ path: `${path}.federation.port8448`, message: "is true while federation.enabled is false" }];
        }
        const domain = homeserverDomain(hs);
        if (hs.wellKnownDelegation === false && domain !== hs.serverName && hs.federation.enabled && !hs.federation.port8448) {
            return [
                {
                    path: `${path}.wellKnownDelegation`,
                    message:
                        `is false while domain '${domain}' differs from serverName '${hs.serverName}': ` +
                        "other servers would not find this homeserver; " +
                        "leave it unset, set federation.port8448, or disable federation",
                },
            ];
        }
        return [];
    });
}
