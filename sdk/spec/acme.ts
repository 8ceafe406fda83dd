import { z } from "zod";

export const acmeSpec = z
    .object({
        /** Address Let's Encrypt writes to about expiring certificates. */
        email: z.email({ error: "must be an e-mail address" }),
        /** Use Let's Encrypt's staging CA (untrusted certificates, generous rate limits). @default false */
        staging: z.boolean({ error: "must be true or false" }).default(false),
    })
    .strict();

export type AcmeSpec = z.output<typeof acmeSpec>;
