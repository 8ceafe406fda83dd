import type { BadComponentCase } from "./bad-component";
import { CLASS_CASES } from "./class-cases";
import { EVERY_ARG_CASES } from "./every-arg";

export { baseProgram, type BadComponentCase, type BadClass } from "./bad-component";

/** The bad-program corpus: the classes, then a wrong value for every arg and setting. */
export const BAD_COMPONENT_CASES: readonly BadComponentCase[] = [...CLASS_CASES, ...EVERY_ARG_CASES];
