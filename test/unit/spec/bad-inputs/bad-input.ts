/** One bad stack input and the error line it must produce. */
export interface BadInput {
    readonly name: string;
    readonly input: unknown;
    /** The exact error line (`path: reason`), or a pattern one line must match. */
    readonly message: string | RegExp;
}
