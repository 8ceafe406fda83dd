import * as path from "node:path";
import { ComponentProvider, ComponentResourceConstructor } from "@pulumi/pulumi/provider/experimental";
import { applyDocTags, PackageSchema } from "./apply-doc-tags";
import { readDocTags } from "./doc-tags";

/** The Pulumi package name: resource types read `nixos-matrix:index:<Class>`. */
export const PACKAGE_NAME = "nixos-matrix";

/** This directory: the plugin directory with PulumiPlugin.yaml, package.json and tsconfig.json. */
export const PROVIDER_DIR = __dirname;

/**
 * Pulumi's component provider with one addition: the schema it infers from the TypeScript
 * source also carries the `@secret` and `@default` tags the inference drops (see doc-tags.ts).
 * Construct and everything else is Pulumi's own.
 */
export class NixosMatrixProvider extends ComponentProvider {
    private schemaWithTags?: string;

    constructor(components: ComponentResourceConstructor[]) {
        super({ name: PACKAGE_NAME, dirname: PROVIDER_DIR, components });
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
