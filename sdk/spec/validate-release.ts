import { LAST_RELEASE_WITH_APPSERVICE_DISCORD, NIXOS_RELEASE, UNRECORDED_STATE_VERSION } from "../plan/release";
import type { SpecIssue } from "./errors";
import { releaseOf } from "./nixpkgs";
import type { StackSpec } from "./stack";

/** `a` is an older NixOS release than `b` (both `YY.MM`). */
export function olderRelease(a: string, b: string): boolean {
    return a < b;
}

/**
 * The override names its release (or a channel URL does), and no host's state is newer
 * than it: a release never runs data a newer one has written. Hetzner hosts' own state
 * versions are learned from the cloud at deploy time; the oldest any of them can have is
 * checked here, the rest when the bundle is rendered.
 */
export function checkNixpkgsRelease(spec: StackSpec): SpecIssue[] {
    if (spec.nixpkgs === undefined) return [];
    const release = releaseOf(spec.nixpkgs);
    if (release === undefined) {
        return [{ path: "nixpkgs.release", message: "is required: the URL does not name a channel release, so name the NixOS release of this source, e.g. 26.05" }];
    }
    const issues: SpecIssue[] = [];
    spec.hosts.forEach((host, i) => {
        const stateVersion = host.provider === "existing" ? (host.stateVersion ?? UNRECORDED_STATE_VERSION) : UNRECORDED_STATE_VERSION;
        if (olderRelease(release, stateVersion)) {
            issues.push({
                path: "nixpkgs.release",
                message: `${release} is older than hosts[${i}]'s system.stateVersion ${stateVersion}: a host never runs a release older than the one it was installed with`,
            });
        }
    });
    return issues;
}

/**
 * Rule: matrix-appservice-discord only on a release that still ships it.
 * Why: NixOS 26.11 removes the module; mautrix-discord is its replacement.
 */
export function checkBridgeReleases(spec: StackSpec): SpecIssue[] {
    const release = spec.nixpkgs === undefined ? NIXOS_RELEASE : releaseOf(spec.nixpkgs);
    if (release === undefined || !olderRelease(LAST_RELEASE_WITH_APPSERVICE_DISCORD, release)) return [];
    return spec.bridges.flatMap((bridge, i): SpecIssue[] =>
        bridge.type === "matrix-appservice-discord"
            ? [
                  {
                      path: `bridges[${i}].type`,
                      message: `matrix-appservice-discord is not in NixOS ${release} (its last release is ${LAST_RELEASE_WITH_APPSERVICE_DISCORD}); use mautrix-discord`,
                  },
              ]
            : [],
    );
}
