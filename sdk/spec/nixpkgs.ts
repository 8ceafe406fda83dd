/**
 * The stack's NixOS release: which nixpkgs every host builds against (overriding the pin of
 * sdk/plan/release.ts), which PostgreSQL major version Synapse's database runs, and how many
 * pre-upgrade database dumps each homeserver host keeps. Cross-field rules live in
 * validate-release.ts.
 */
import { z } from "zod";
import { NIXPKGS_PIN, type NixpkgsPin } from "../plan/release";

/** Nix's base-32 alphabet (no e, o, u, t); a sha256 is 52 of its characters. */
const NIX_BASE32_SHA256 = /^[0-9abcdfghijklmnpqrsvwxyz]{52}$/;

const RELEASE = /^\d{2}\.\d{2}$/;

/** Where a channel release URL names its release: `.../nixos/26.05/nixos-26.05.10057.cf9d2fb3e50f/...`. */
const RELEASE_IN_URL = /\/nixos-(\d{2}\.\d{2})[./]/;

export const nixpkgsSpec = z
    .object({
        /** The tarball: a channel release's `nixexprs.tar.xz`, a commit tarball or a mirror of either. */
        url: z
            .string({ error: "must be an https URL" })
            .regex(/^https:\/\/[^\s/]+\/\S*$/, { error: "must be an https URL: the source is checked by hash, but fetched only over https" }),
        /** Hash of the unpacked tarball, as `nix-prefetch-url --unpack <url>` prints it. */
        sha256: z
            .string({ error: "must be a Nix sha256" })
            .transform((s) => s.replace(/^sha256:/, ""))
            .refine((s) => NIX_BASE32_SHA256.test(s), {
                error: "must be a Nix sha256: the 52 base-32 characters nix-prefetch-url --unpack prints (optionally prefixed sha256:)",
            }),
        /** The NixOS release of the source, e.g. `26.05`. @default read from a channel release URL */
        release: z.string({ error: "must be a NixOS release such as 26.05" }).regex(RELEASE, { error: "must be a NixOS release such as 26.05" }).optional(),
    })
    .strict();

export type NixpkgsSpec = z.output<typeof nixpkgsSpec>;

/** The PostgreSQL majors a supported nixpkgs packages (postgresql_14 .. postgresql_18). */
export const postgresqlVersion = z
    .number({ error: "must be a PostgreSQL major version: 14, 15, 16, 17 or 18" })
    .int({ error: "must be a PostgreSQL major version: 14, 15, 16, 17 or 18" })
    .min(14, { error: "must be a PostgreSQL major version: 14, 15, 16, 17 or 18" })
    .max(18, { error: "must be a PostgreSQL major version: 14, 15, 16, 17 or 18" });

/** Pre-upgrade database dumps a homeserver host keeps. */
export const upgradeDumps = z
    .number({ error: "must be a whole number from 1 to 100" })
    .int({ error: "must be a whole number from 1 to 100" })
    .min(1, { error: "must be a whole number from 1 to 100" })
    .max(100, { error: "must be a whole number from 1 to 100" });

/** The release a source belongs to: named, or read from a channel release URL; undefined when neither. */
export function releaseOf(spec: NixpkgsSpec): string | undefined {
    return spec.release ?? RELEASE_IN_URL.exec(spec.url)?.[1];
}

/** The pin the stack builds against: the override when given (validated), else the library's. */
export function stackPin(spec: { readonly nixpkgs?: NixpkgsSpec }): NixpkgsPin {
    if (spec.nixpkgs === undefined) return NIXPKGS_PIN;
    const release = releaseOf(spec.nixpkgs);
    if (release === undefined) throw new Error("internal: nixpkgs.release was not validated");
    return { release, url: spec.nixpkgs.url, sha256: spec.nixpkgs.sha256 };
}
