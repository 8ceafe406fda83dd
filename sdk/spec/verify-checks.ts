import { z } from "zod";

/** The kinds of check the verify step runs after a deploy; each can be turned off per homeserver. */
export const VERIFY_CHECK_KINDS = ["bridges", "turn", "federation", "client-discovery", "element", "certificates", "backup"] as const;

export type VerifyCheckKind = (typeof VERIFY_CHECK_KINDS)[number];

export const skipChecks = z
    .array(z.enum(VERIFY_CHECK_KINDS, { error: `must be one of ${VERIFY_CHECK_KINDS.map((k) => `'${k}'`).join(", ")}` }))
    .refine((kinds) => new Set(kinds).size === kinds.length, { error: "must not name a check twice" });
