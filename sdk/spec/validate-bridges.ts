import { bridgeModule, type BridgeSpec } from "./bridge";
import type { SpecIssue } from "./errors";
import { bridgeNaming, type BridgeNaming } from "./resolved-defaults";
import type { StackSpec } from "./stack";

/**
 * Rule: bridges on one homeserver own disjoint user namespaces.
 * Why: each registration claims `@<userPrefix>.*` exclusively and its bot localpart; the
 * homeserver refuses a registration overlapping another, and a bot inside another
 * bridge's namespace would be claimed by that bridge.
 */
function namespaceClashes(a: BridgeNaming, aPath: string, b: BridgeNaming, bPath: string, homeserver: string): SpecIssue[] {
    const on = `on homeserver '${homeserver}'`;
    const issues: SpecIssue[] = [];
    if (a.userPrefix.startsWith(b.userPrefix) || b.userPrefix.startsWith(a.userPrefix)) {
        issues.push({
            path: `${bPath}.userPrefix`,
            message: `user namespace '${b.userPrefix}*' overlaps '${a.userPrefix}*' of ${aPath} ${on}`,
        });
    }
    if (a.botLocalpart === b.botLocalpart) {
        issues.push({ path: `${bPath}.botLocalpart`, message: `'${b.botLocalpart}' is also the bot of ${aPath} ${on}` });
    } else {
        if (b.botLocalpart.startsWith(a.userPrefix)) {
            issues.push({
                path: `${bPath}.botLocalpart`,
                message: `'${b.botLocalpart}' falls inside the user namespace '${a.userPrefix}*' of ${aPath} ${on}`,
            });
        }
        if (a.botLocalpart.startsWith(b.userPrefix)) {
            issues.push({
                path: `${bPath}.userPrefix`,
                message: `user namespace '${b.userPrefix}*' takes in '${a.botLocalpart}', the bot of ${aPath} ${on}`,
            });
        }
    }
    return issues;
}

export function checkBridgeNamespaces(spec: StackSpec): SpecIssue[] {
    const named = spec.bridges.map((bridge, i) => ({ bridge, naming: bridgeNaming(bridge), path: `bridges[${i}]` }));
    return named.flatMap((later, j) =>
        named
            .slice(0, j)
            .filter((earlier) => earlier.bridge.homeserver === later.bridge.homeserver)
            .flatMap((earlier) =>
                namespaceClashes(earlier.naming, earlier.path, later.naming, later.path, later.bridge.homeserver),
            ),
    );
}

/** Pairs `[index, indexOfFirst]` for every key an earlier entry already has. */
function duplicatePairs(entries: readonly { index: number; key: string }[]): [number, number][] {
    const first = new Map<string, number>();
    return entries.flatMap(({ index, key }): [number, number][] => {
        const earlier = first.get(key);
        if (earlier !== undefined) return [[index, earlier]];
        first.set(key, index);
        return [];
    });
}

function ircNetworkIssues(bridge: Extract<BridgeSpec, { type: "matrix-appservice-irc" }>, path: string): SpecIssue[] {
    const networks = bridge.networks;
    const addresses = networks.map((n, index) => ({ index, key: n.address }));
    const names = networks.flatMap((n, index) => (n.name === undefined ? [] : [{ index, key: n.name.toLowerCase() }]));
    return [
        ...duplicatePairs(addresses).map(([k, first]) => ({
            path: `${path}.networks[${k}].address`,
            message: `duplicate network '${networks[k].address}' (also networks[${first}])`,
        })),
        ...duplicatePairs(names).map(([k, first]) => ({
            path: `${path}.networks[${k}].name`,
            message: `duplicate network name '${networks[k].name}' (also networks[${first}])`,
        })),
        ...networks.flatMap((network, n) =>
            // IRC channel names are case-insensitive.
            duplicatePairs(network.channels.map((c, index) => ({ index, key: c.toLowerCase() }))).map(([k, first]) => ({
                path: `${path}.networks[${n}].channels[${k}]`,
                message: `duplicate channel '${network.channels[k]}' (also channels[${first}])`,
            })),
        ),
    ];
}

export function checkIrcNetworks(spec: StackSpec): SpecIssue[] {
    return spec.bridges.flatMap((bridge, i) =>
        bridge.type === "matrix-appservice-irc" ? ircNetworkIssues(bridge, `bridges[${i}]`) : [],
    );
}

/**
 * Rule: one bridge of each type per host; mautrix-meta once per network and host.
 * Why: NixOS has one instance of each bridge's module (`services.mautrix-telegram`, ...);
 * mautrix-meta's instances are named by network (`services.mautrix-meta.instances.<network>`).
 */
export function checkOneBridgePerTypeAndHost(spec: StackSpec): SpecIssue[] {
    const first = new Map<string, number>();
    return spec.bridges.flatMap((bridge, i): SpecIssue[] => {
        const module = bridgeModule(bridge);
        const key = `${bridge.host} ${module}`;
        const earlier = first.get(key);
        if (earlier === undefined) {
            first.set(key, i);
            return [];
        }
        if (bridge.type === "mautrix-meta") {
            return [{ path: `bridges[${i}].host`, message: `host '${bridge.host}' already runs bridges[${earlier}], a mautrix-meta bridge for ${bridge.network}; NixOS runs one mautrix-meta instance per network and host` }];
        }
        return [{ path: `bridges[${i}].host`, message: `host '${bridge.host}' already runs bridges[${earlier}], a ${bridge.type} bridge; NixOS runs one of each bridge type per host` }];
    });
}
