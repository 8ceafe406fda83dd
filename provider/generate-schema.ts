/**
 * Writes provider/schema.json: the schema the provider serves on GetSchema, inferred from
 * the components' TypeScript source exactly as the running provider infers it.
 *
 *     npm run provider:schema            # rewrite schema.json
 *     npm run provider:schema -- --check # exit 1 when schema.json is stale
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { COMPONENTS } from "./components";
import { NixosMatrixProvider, PROVIDER_DIR } from "./nixos-matrix-provider";

export const SCHEMA_FILE = path.join(PROVIDER_DIR, "schema.json");

/** The schema as checked-in text: two-space JSON with a final newline. */
export async function renderSchema(): Promise<string> {
    const schema = JSON.parse(await new NixosMatrixProvider(COMPONENTS).getSchema());
    return `${JSON.stringify(schema, null, 2)}\n`;
}

async function cli(args: readonly string[]): Promise<number> {
    const text = await renderSchema();
    if (args.includes("--check")) {
        if (readFileSync(SCHEMA_FILE, "utf8") === text) return 0;
        console.error(`${path.relative(process.cwd(), SCHEMA_FILE)} is stale: run npm run provider:schema`);
        return 1;
    }
    writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
    return 0;
}

if (require.main === module) {
    cli(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err: Error) => {
            console.error(err.message);
            process.exit(1);
        },
    );
}
