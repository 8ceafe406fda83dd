/**
 * renderBundle: one host's plan -> the files its /etc/nixos receives. Pure: the static
 * modules are embedded at build time (modules.generated.ts), params.json is data.
 */
import { createHash } from "node:crypto";
import type { HostPlan, StackPlan } from "../plan/types";
import { CONFIGURATION_NIX, MODULE_FILES } from "./modules.generated";
import { hostParams, serializeParams, type RenderOptions } from "./params";
import type { Bundle } from "./types";

/** Where our files live under /etc/nixos; everything but configuration.nix goes here. */
export const BUNDLE_DIR = "nixos-matrix";

/** sha256 over the sorted paths and contents, each length-prefixed so no two bundles collide. */
export function bundleHash(files: Readonly<Record<string, string>>): string {
    const hash = createHash("sha256");
    for (const name of Object.keys(files).sort()) {
        const content = files[name];
        hash.update(`${Buffer.byteLength(name)}:${name}\n${Buffer.byteLength(content)}:`);
        hash.update(content);
        hash.update("\n");
    }
    return hash.digest("hex");
}

function sortedRecord(entries: readonly (readonly [string, string])[]): Record<string, string> {
    return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function renderBundle(host: HostPlan, stack: StackPlan, options: RenderOptions = {}): Bundle {
    const entries: [string, string][] = [
        ["configuration.nix", CONFIGURATION_NIX],
        [`${BUNDLE_DIR}/params.json`, serializeParams(hostParams(host, stack, options))],
        ...Object.entries(MODULE_FILES).map(([name, text]): [string, string] => [`${BUNDLE_DIR}/${name}`, text]),
    ];
    const extra = host.services.homeservers.find((hs) => hs.extraNixosModule !== undefined)?.extraNixosModule;
    if (extra !== undefined) entries.push([`${BUNDLE_DIR}/extra.nix`, extra.endsWith("\n") ? extra : `${extra}\n`]);
    const files = sortedRecord(entries);
    return { host: host.name, files, hash: bundleHash(files) };
}
