/**
 * Sorting by code units, never by locale: the plan must sort the same way on every machine.
 */
export function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** A comparator ordering items by the text `key` gives. */
export function byText<T>(key: (item: T) => string): (a: T, b: T) => number {
    return (a, b) => compareText(key(a), key(b));
}
