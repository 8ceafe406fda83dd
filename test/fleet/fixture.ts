/** The fleet the tests deploy to: the multiHost() fixture's four hosts, and its variants. */
import type { StackSpecInput } from "../../sdk/spec/stack";
import { multiHost } from "../fixtures/stacks";
import type { Bundle } from "../../sdk/nixos/types";
import type { FleetRun } from "./harness/deploy";
import type { Fleet } from "./harness/fleet";
import { linkedBundle, readHostFile } from "./harness/host-state";

export const HOSTS = ["home", "turn", "bridges", "web"] as const;

/** multiHost() with the telegram bridge's settings changed: only the bridges host's bundle differs. */
export function telegramSettingsChanged(displayname = "{displayname} (Telegram)"): StackSpecInput {
    const spec = multiHost();
    spec.bridges = spec.bridges!.map((b) => (b.id === "telegram" ? { ...b, settings: { bridge: { displayname_template: displayname } } } : b));
    return spec;
}

/** multiHost() with Element's config changed: only the web host's bundle differs. */
export function elementThemeChanged(theme = "dark"): StackSpecInput {
    const spec = multiHost();
    spec.elements = spec.elements!.map((e) => ({ ...e, config: { default_theme: theme } }));
    return spec;
}

/** Hosts whose switch step switched (rather than printing "unchanged" or failing). */
export function switchedHosts(run: FleetRun): string[] {
    return [...run.runs.entries()]
        .filter(([, steps]) => steps.some((s) => s.step === "switch" && s.result.code === 0 && /switched to/.test(s.result.stdout)))
        .map(([host]) => host)
        .sort();
}

/** Fails unless host `name` has exactly `bundle` under /etc/nixos, active. */
export function expectBundleOnHost(fleet: Fleet, bundle: Bundle): void {
    const host = fleet.host(bundle.host);
    if (linkedBundle(host) !== bundle.hash) throw new Error(`${bundle.host}: /etc/nixos/nixos-matrix points at ${linkedBundle(host)}, not ${bundle.hash}`);
    for (const [rel, content] of Object.entries(bundle.files)) {
        if (readHostFile(host, `/etc/nixos/${rel}`) !== content) throw new Error(`${bundle.host}: /etc/nixos/${rel} differs from the bundle`);
    }
}

/** multiHost() with the homeserver's upload limit changed: the home host's bundle differs. */
export function uploadLimitChanged(maxUploadSize = "100M"): StackSpecInput {
    const spec = multiHost();
    spec.homeservers = spec.homeservers!.map((hs) => ({ ...hs, maxUploadSize }));
    return spec;
}

/** multiHost() with the TURN relay range moved: the turn host's bundle differs. */
export function relayRangeChanged(): StackSpecInput {
    const spec = multiHost();
    spec.turnServers = spec.turnServers!.map((t) => ({ ...t, relayRange: { from: 51000, to: 51999 } }));
    return spec;
}

/** multiHost() whose homeserver ships an extra NixOS module that does not parse. */
export function unparsableExtraModule(): StackSpecInput {
    const spec = multiHost();
    spec.homeservers = spec.homeservers!.map((hs) => ({ ...hs, extraNixosModule: "{ config, ... }: { services.foo = " }));
    return spec;
}

/** Where upload.sh stages a bundle on the host. */
export function stagedBundlePath(hash: string): string {
    return `/var/lib/nixos-matrix/bundles/${hash}`;
}

/** multiHost() without bridge `id`: its secret files leave the bridges host and the homeserver host. */
export function bridgeRemoved(id = "discord"): StackSpecInput {
    const spec = multiHost();
    spec.bridges = spec.bridges!.filter((b) => b.id !== id);
    return spec;
}
