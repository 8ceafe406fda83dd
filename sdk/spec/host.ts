import { z } from "zod";
import { identifier, ipAddress, port } from "./common";
import { parsePublicKey, publicKeyProblem } from "./ssh-key";

/** A VM this library creates on Hetzner Cloud and turns into NixOS. */
export const hetznerHostSpec = z
    .object({
        name: identifier,
        provider: z.literal("hetzner"),
        /** @default "nbg1" */
        location: z.string().regex(/^[a-z]{3}\d$/, { error: "must be a Hetzner location such as nbg1, fsn1, hel1, ash, hil" }).or(z.enum(["ash", "hil", "sin"])).default("nbg1"),
        /** @default by role and location, see `hetznerServerType` */
        serverType: z.string().regex(/^[a-z]+\d+[a-z]*$/, { error: "must be a Hetzner server type such as cx23, cx33 or cpx22" }).optional(),
        /** Size of the state Volume in GB; 0 keeps state on the root disk. @default 20 */
        volumeSizeGb: z.number().int().min(0).max(10240, { error: "must be at most 10240" }).default(20),
    })
    .strict();

/** A NixOS machine the user already has, reachable over SSH. */
export const existingHostSpec = z
    .object({
        name: identifier,
        provider: z.literal("existing"),
        /** Public address used for SSH and DNS records. */
        address: ipAddress,
        /** Address on the private network other hosts use; defaults to `address`. */
        privateAddress: ipAddress.optional(),
        /** @default "root" */
        user: z
            .literal("root", { error: "must be root: the deploy writes /etc/nixos and runs nixos-rebuild switch as this user" })
            .default("root"),
        /** The host's SSH public key line, e.g. `ssh-ed25519 AAAA...`; pinned by every connection. */
        hostKey: z
            .string({ error: "must be an SSH public key line such as 'ssh-ed25519 AAAA...'" })
            .superRefine((line, ctx) => {
                const problem = publicKeyProblem(line);
                if (problem) ctx.addIssue({ code: "custom", message: problem });
            })
            .transform((line) => parsePublicKey(line).line),
        /** @default 22 */
        port: port.default(22),
        /**
         * `system.stateVersion` of the host: the NixOS release it was first installed with,
         * as its current configuration sets it. It fixes the layout of stateful data, so a
         * host keeps its own whatever release the stack pins. Left unset it is 25.11, the
         * release this library installed before it pinned one, frozen so that moving the pin
         * never moves it.
         * @default "25.11"
         */
        stateVersion: z
            .string({ error: "must be a NixOS release such as 24.05 or 25.11 (a string)" })
            .regex(/^\d{2}\.\d{2}$/, {
                error: "must be a NixOS release such as 24.05 or 25.11: the host's current system.stateVersion",
            })
            .optional(),
    })
    .strict();

export const hostSpec = z.discriminatedUnion("provider", [hetznerHostSpec, existingHostSpec], {
    error: "must be 'hetzner' or 'existing'",
});

export type HetznerHostSpec = z.output<typeof hetznerHostSpec>;
export type ExistingHostSpec = z.output<typeof existingHostSpec>;
export type HostSpec = z.output<typeof hostSpec>;
/** A host as planned: the defaults that depend on the rest of the stack are filled in. */
export type ResolvedHostSpec = (HetznerHostSpec & { readonly serverType: string }) | ExistingHostSpec;

/** Why a Hetzner image name or id will not do, or undefined. */
export function imageProblem(image: unknown): string | undefined {
    if (typeof image !== "string") return "must be a string";
    return /^[a-z0-9][a-z0-9._-]*$/.test(image) ? undefined : "must be a Hetzner image name such as debian-12 (lower case, no spaces) or an image id";
}

/** Why a download URL of nixos-infect will not do, or undefined. */
export function downloadUrlProblem(url: unknown): string | undefined {
    if (typeof url !== "string") return "must be a string";
    try {
        const parsed = new URL(url);
        return parsed.protocol === "https:" || parsed.protocol === "http:" ? undefined : "must be an http(s) URL";
    } catch {
        return "must be a URL such as https://example.org/nixos-infect";
    }
}

/** Why a sha256 digest will not do, or undefined. */
export function sha256Problem(digest: unknown): string | undefined {
    if (typeof digest !== "string") return "must be a string";
    return /^[0-9a-f]{64}$/.test(digest) ? undefined : "must be a sha256 digest: 64 lower-case hexadecimal characters (sha256sum's output)";
}
