/**
 * The channel every new Hetzner VM installs, and the pinned installer that puts it there.
 * The release itself is set once, in sdk/plan/release.ts; the bundles' stateVersion
 * follows from the same constant.
 */
import { NIXOS_RELEASE, UNRECORDED_STATE_VERSION } from "../plan/release";

/** The channel nixos-infect installs for a release, e.g. `nixos-26.05`. */
export function nixosChannel(release: string): string {
    return `nixos-${release}`;
}

/** The channel of the library's pinned release; a stack pinning another release installs that one's. */
export const NIXOS_CHANNEL = nixosChannel(NIXOS_RELEASE);

/**
 * The server label recording the release a Hetzner host was installed with: its
 * `system.stateVersion` for good. Set at creation and never updated (ignoreChanges); a server
 * created before the label existed has none and was installed on UNRECORDED_HETZNER_STATE_VERSION.
 */
export const STATE_VERSION_LABEL = "nixos-matrix-state-version";

/**
 * nixos-infect, pinned by commit and checked against its sha256 before it runs.
 * Why pinned: the script rewrites the whole disk; an unreviewed upstream change must
 * never reach a new VM. A user with a mirror overrides `url` and `sha256` together.
 */
export const NIXOS_INFECT = {
    commit: "7563801d3ae68c975e4027f4e31a3906dca95f30",
    sha256: "4cc3b5f8e4333ab4f02906d80a836c1b36e2887a51abf4eba4d9113b33934393",
    url: "https://raw.githubusercontent.com/elitak/nixos-infect/7563801d3ae68c975e4027f4e31a3906dca95f30/nixos-infect",
} as const;

/** The Debian image nixos-infect starts from. */
export const BASE_IMAGE = "debian-12";

/** The release a server was installed with, from its labels (see STATE_VERSION_LABEL). */
export function installedRelease(labels: Readonly<Record<string, string>> | undefined): string {
    return labels?.[STATE_VERSION_LABEL] ?? UNRECORDED_STATE_VERSION;
}
