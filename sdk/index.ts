/**
 * nixos-matrix: a complete Matrix service on Hetzner Cloud with NixOS on every machine,
 * as Pulumi components.
 */
export * from "./components";
export { SpecError, type SpecIssue } from "./spec/errors";
export { synth, Testing, type TestRun } from "./synth";
