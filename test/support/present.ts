/**
 * The value, or a thrown error that names what was missing: the tests' alternative to a non-null
 * assertion, so that a missing value fails with a message instead of a TypeError further on.
 */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined)
    throw new Error(`expected ${what}, got ${String(value)}`);
  return value;
}
