export { synth, synthFiles, type SynthResult } from "./synth";
export { runProgram, type ProgramRun, type RunOptions } from "./run-program";
export { Testing, type TestRun, type InlineOptions } from "./testing";
export { MockCloud, type RecordedResource } from "./mock-cloud";
export { HETZNER_CATALOG, type HetznerCatalog, type ApiServerType, type ApiLocation, type ApiImage } from "./hetzner-catalog";
