import {
  decodeCursor,
  encodeCursor,
  type KeysetCursor,
  type SortOrder,
} from '../common/pagination.js';
import type { CustomerSort } from './customers.repository.js';

/** Where a page of customers ended: the common keyset cursor, for one of the customer sorts. */
export type CustomerCursor = KeysetCursor<CustomerSort>;

export const encodeCustomerCursor = (cursor: CustomerCursor): string =>
  encodeCursor(cursor);

/**
 * created_at keys are microseconds since the epoch, turned back into a timestamp by
 * `timestamptz 'epoch' + $2::bigint * interval '1 microsecond'` (customers.repository.ts). That
 * multiplication goes through float8, exact only within 2^53 microseconds of the epoch (years 1684
 * to 2255; created_at is set by now()); beyond it PostgreSQL answers "interval out of range" or
 * "timestamp out of range". So the key is accepted only inside that window, where the statement
 * computes exactly the instant the cursor names.
 */
const MAX_CREATED_AT_KEY = BigInt(Number.MAX_SAFE_INTEGER);

function createdAtKeyInRange(key: string): boolean {
  if (!/^-?(0|[1-9][0-9]{0,18})$/.test(key)) return false;
  const micros = BigInt(key);
  return micros <= MAX_CREATED_AT_KEY && micros >= -MAX_CREATED_AT_KEY;
}

/** The common cursor check, plus: a created_at key must be one the statement can turn back into a timestamp. */
export function decodeCustomerCursor(
  cursor: string | undefined,
  sort: CustomerSort,
  order: SortOrder,
): CustomerCursor | undefined {
  return decodeCursor(
    cursor,
    sort,
    order,
    sort === 'created_at' ? createdAtKeyInRange : undefined,
  );
}
