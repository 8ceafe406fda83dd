import { afterAll, expect } from "vitest";
import type { Fleet } from "./fleet";

/**
 * Registers the afterAll that stops the fleet `current()` returns (when it started) and
 * expects none of its network namespaces left behind.
 */
export function stopFleetAfterAll(current: () => Fleet | undefined): void {
    afterAll(() => {
        const fleet = current();
        fleet?.stopSync();
        expect(fleet?.leftovers() ?? []).toEqual([]);
    });
}
