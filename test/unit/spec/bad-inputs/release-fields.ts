import { NIXPKGS_PIN } from "../../../../sdk/plan/release";
import { variant } from "../base-stack";
import type { BadInput } from "./bad-input";

const SHA = NIXPKGS_PIN.sha256;
const COMMIT_TARBALL = "https://github.com/NixOS/nixpkgs/archive/cf9d2fb3e50fa1cd5114c47505ea9177f7ff5f49.tar.gz";

/** The nixpkgs override, the PostgreSQL major and the dumps kept (settings nixpkgs, postgresqlVersion, upgradeDumps). */
export const RELEASE_FIELD_CASES: readonly BadInput[] = [
    {
        name: "nixpkgs sha256 in hex, not Nix base-32",
        input: variant((s) => (s.nixpkgs = { url: NIXPKGS_PIN.url, sha256: "a".repeat(64) })),
        message: "nixpkgs.sha256: must be a Nix sha256: the 52 base-32 characters nix-prefetch-url --unpack prints (optionally prefixed sha256:)",
    },
    {
        name: "nixpkgs sha256 with a letter Nix base-32 lacks",
        input: variant((s) => (s.nixpkgs = { url: NIXPKGS_PIN.url, sha256: `e${SHA.slice(1)}` })),
        message: /^nixpkgs\.sha256: must be a Nix sha256/,
    },
    {
        name: "nixpkgs over plain http",
        input: variant((s) => (s.nixpkgs = { url: NIXPKGS_PIN.url.replace("https:", "http:"), sha256: SHA })),
        message: "nixpkgs.url: must be an https URL: the source is checked by hash, but fetched only over https",
    },
    {
        name: "nixpkgs from a local file",
        input: variant((s) => (s.nixpkgs = { url: "file:///srv/nixexprs.tar.xz", sha256: SHA })),
        message: /^nixpkgs\.url: must be an https URL/,
    },
    {
        name: "nixpkgs without a hash",
        input: variant((s) => (s.nixpkgs = { url: NIXPKGS_PIN.url })),
        message: "nixpkgs.sha256: is required",
    },
    {
        name: "nixpkgs with an unknown field",
        input: variant((s) => (s.nixpkgs = { url: NIXPKGS_PIN.url, sha256: SHA, hash: SHA })),
        message: "nixpkgs.hash: is not a known field",
    },
    {
        name: "nixpkgs commit tarball without its release",
        input: variant((s) => (s.nixpkgs = { url: COMMIT_TARBALL, sha256: SHA })),
        message: "nixpkgs.release: is required: the URL does not name a channel release, so name the NixOS release of this source, e.g. 26.05",
    },
    {
        name: "nixpkgs release not YY.MM",
        input: variant((s) => (s.nixpkgs = { url: COMMIT_TARBALL, sha256: SHA, release: "26.5" })),
        message: "nixpkgs.release: must be a NixOS release such as 26.05",
    },
    {
        name: "nixpkgs release older than an existing host's stateVersion",
        input: variant((s) => {
            s.nixpkgs = { url: COMMIT_TARBALL, sha256: SHA, release: "25.11" };
            s.hosts[1].stateVersion = "26.05";
        }),
        message: "nixpkgs.release: 25.11 is older than hosts[1]'s system.stateVersion 26.05: a host never runs a release older than the one it was installed with",
    },
    {
        name: "nixpkgs channel release older than the oldest Hetzner install",
        input: variant((s) => {
            s.nixpkgs = { url: "https://releases.nixos.org/nixos/25.05/nixos-25.05.1234.abcdef012345/nixexprs.tar.xz", sha256: SHA };
            s.hosts[1].stateVersion = "24.05";
        }),
        message: /^nixpkgs\.release: 25\.05 is older than hosts\[0\]'s system\.stateVersion 25\.11/,
    },
    {
        name: "PostgreSQL major not packaged",
        input: variant((s) => (s.postgresqlVersion = 13)),
        message: "postgresqlVersion: must be a PostgreSQL major version: 14, 15, 16, 17 or 18",
    },
    {
        name: "PostgreSQL version with a minor",
        input: variant((s) => (s.postgresqlVersion = 16.4)),
        message: "postgresqlVersion: must be a PostgreSQL major version: 14, 15, 16, 17 or 18",
    },
    {
        name: "no upgrade dump kept",
        input: variant((s) => (s.upgradeDumps = 0)),
        message: "upgradeDumps: must be a whole number from 1 to 100",
    },
    {
        name: "matrix-appservice-discord on a release that no longer ships it",
        input: variant((s) => (s.nixpkgs = { url: COMMIT_TARBALL, sha256: SHA, release: "26.11" })),
        message: "bridges[3].type: matrix-appservice-discord is not in NixOS 26.11 (its last release is 26.05); use mautrix-discord",
    },
];
