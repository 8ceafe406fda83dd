import * as path from "node:path";
import { ComponentProvider, ComponentResourceConstructor } from "@pulumi/pulumi/provider/experimental";
import { markSecrets, PackageSchema } from "./mark-secrets";
import { readSecretTags } from "./secret-tags";

/** The Pulumi package name: resource types read `nixos-matrix:index:<Class>`. */
export const PACKAGE_NAME = "nixos-matrix";

/** This directory: the plugin directory with PulumiPlugin.yaml, package.json and tsconfig.json. */
export const PROVIDER_DIR = __dirname;

/**
 * Pulumi's component provider with one addition: the schema it infers from the TypeScript
 * source gets `secret: true` on properties tagged `@secret` (see secret-tags.ts). Construct
 * and everything else is Pulumi's own.
 */
export class NixosMatrixProvider extends ComponentProvider {
    private schemaWithSecrets?: string;

    constructor(components: ComponentResourceConstructor[]) {
        super({ name: PACKAGE_NAME, dirname: PROVIDER_DIR, components });
    }

    override async getSchema(): Promise<string> {
        if (this.schemaWithSecrets === undefined) {
            const inferred = JSON.parse(await super.getSchema()) as PackageSchema;
            const tags = readSecretTags(path.join(PROVIDER_DIR, "index.ts"));
            this.schemaWithSecrets = JSON.stringify(markSecrets(inferred, tags));
        }
        return this.schemaWithSecrets;
    }
}
