#!/usr/bin/env node
// Entry of `npx nixos-matrix ...`: the compiled CLI when built, else the TypeScript source through tsx.
"use strict";
const path = require("node:path");
const fs = require("node:fs");

const compiled = path.join(__dirname, "..", "dist", "sdk", "synth", "cli.js");
let cli;
if (fs.existsSync(compiled)) {
    cli = require(compiled);
} else {
    require("tsx/cjs/api").register();
    cli = require(path.join(__dirname, "..", "sdk", "synth", "cli.ts"));
}
cli.main().then(
    () => process.exit(process.exitCode || 0),
    (err) => {
        process.stderr.write(`${err && err.name === "SpecError" ? `invalid stack:\n${err.message}` : (err && err.stack) || String(err)}\n`);
        process.exit(1);
    },
);
