import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { ConstructResult } from "@pulumi/pulumi/provider";
import { ComponentProvider, ComponentResourceConstructor } from "@pulumi/pulumi/provider/experimental";
import { currentRegistry } from "../sdk/components";
import { applyDocTags, PackageSchema } from "./apply-doc-tags";
import { readDocTags } from "./doc-tags";

/** The Pulumi package name: resource types read `nixos-matrix:index:<Class>`. */
export const PACKAGE_NAME = "nixos-matrix";

/** This directory: the plugin directory with PulumiPlugin.yaml, package.json and tsconfig.json. */
export const PROVIDER_DIR = __dirname;

/**
 * Pulumi's component provider with two additions: the schema it infers from the TypeScript
 * source also carries the `@secret` and `@default` tags the inference drops (see doc-tags.ts),
 * and a failed Construct poisons the stack, so the program's other components create nothing.
 */
export class NixosMatrixProvider extends ComponentProvider {
    private schemaWithTags?: string;

    constructor(components: ComponentResourceConstructor[]) {
        super({ name: PACKAGE_NAME, dirname: PROVIDER_DIR, components });
    }

    override async construct(
        name: string,
        type: string,
        inputs: pulumi.Inputs,
        options: pulumi.ComponentResourceOptions,
    ): Promise<ConstructResult> {
        try {
            return await super.construct(name, type, inputs, options);
        } catch (err) {
            currentRegistry().refuse(err);
            throw err;
        }
    }

    override async getSchema(): Promise<string> {
        if (this.schemaWithTags === undefined) {
            const inferred = JSON.parse(await super.getSchema()) as PackageSchema;
            const tags = readDocTags(path.join(PROVIDER_DIR, "index.ts"));
            this.schemaWithTags = JSON.stringify(applyDocTags(inferred, tags));
        }
        return this.schemaWithTags;
    }
}
