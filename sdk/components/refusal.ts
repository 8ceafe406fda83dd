/**
 * A component's own checks, run in its constructor. A refusal is recorded in the stack
 * registry before it is thrown, so the stack fails as a whole even when the program
 * catches the error, and no component declared before or after creates anything.
 */
import { currentRegistry } from "./stack-registry";

export function refusing<T>(check: () => T): T {
    try {
        return check();
    } catch (err) {
        currentRegistry().refuse(err);
        throw err;
    }
}
