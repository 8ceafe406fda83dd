#!/usr/bin/env node
// Entry of `npx nixos-matrix ...`: the compiled CLI when built, else the TypeScript source through tsx.
"use strict";
const path = require("node:path");
const fs = require("node:fs");

const compiled = path.join(__dirname, "..", "dist", "sdk", "cli", "program.js");
let cli;
if (fs.existsSync(compiled)) {
    cli = require(compiled);
} else {
    require("tsx/cjs/api").register();
    cli = require(path.join(__dirname, "..", "sdk", "cli", "program.ts"));
}
cli.run(process.argv.slice(2)).then((code) => process.exit(code));
