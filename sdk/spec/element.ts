import { z } from "zod";
import { domainName, identifier } from "./common";
import { checkElementConfig } from "./element-config";

export const elementSpec = z
    .object({
        name: identifier,
        host: identifier,
        /** Host name Element Web is served on. */
        domain: domainName,
        /** Name of the MatrixHomeserver it points at. */
        homeserver: identifier,
        /** Merged over the generated `config.json`, e.g. `{ default_theme: "dark", show_labs_settings: true }`. @default {} */
        config: z.record(z.string(), z.unknown()).superRefine(checkElementConfig).default({}),
    })
    .strict();

export type ElementSpec = z.output<typeof elementSpec>;
