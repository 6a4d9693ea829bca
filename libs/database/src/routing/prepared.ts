import { createHash } from 'node:crypto';

/** Statement texts declared with {@link prepared}, and the name each is prepared under. */
const NAMES = new Map<string, string>();

/**
 * Declares a routed read as a named prepared statement: the ReadRouter then runs it through the
 * pg pool with a name derived from its text, so each connection parses and plans it once and
 * PostgreSQL may keep a generic plan (planning a statement with several CTEs costs about as much
 * as running it on the small rollup tables). Only for statements whose best plan does not depend
 * on the organization's size: a generic plan is the same for every tenant, so a statement that
 * scans an organization's rows (e.g. the aggregation job's live count) stays unprepared.
 * Behind PgBouncer in transaction mode, named statements need PgBouncer 1.21+ with
 * `max_prepared_statements` set (docs/scaling.md).
 */
export function prepared<T extends string>(text: T): T {
  NAMES.set(
    text,
    `routed_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`,
  );
  return text;
}

/** A pg query config: named when the text was declared with {@link prepared}. */
export function queryConfig(
  text: string,
  values: readonly unknown[],
): { name?: string; text: string; values: unknown[] } {
  const name = NAMES.get(text);
  return name
    ? { name, text, values: [...values] }
    : { text, values: [...values] };
}
