import { InvalidInputError } from '@app/common';
import { unstorableTextProblem } from '../common/validation.js';
import type { CustomerSort, SortOrder } from './customers.repository.js';

/** Where a page of customers ended: the sort it belongs to, the last row's sort key and id. */
export interface CustomerCursor {
  sort: CustomerSort;
  order: SortOrder;
  key: string;
  id: number;
}

export function encodeCustomerCursor(cursor: CustomerCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, o: cursor.order, k: cursor.key, id: cursor.id })).toString('base64url');
}

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

const INVALID = 'is not a valid cursor; start again without it';

/**
 * Reads a cursor made by encodeCustomerCursor for the same sort and order; anything else (tampered,
 * truncated, from another sort, or naming a key the statement could not use: out of range, or text
 * PostgreSQL cannot store) is a 400 rather than a silently wrong page or a database error.
 */
export function decodeCustomerCursor(cursor: string | undefined, sort: CustomerSort, order: SortOrder): CustomerCursor | undefined {
  if (cursor === undefined) return undefined;
  let parsed: { s?: unknown; o?: unknown; k?: unknown; id?: unknown } | null = null;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // fall through to the 400 below
  }
  const { s, o, k, id } = parsed !== null && typeof parsed === 'object' ? parsed : {};
  const valid =
    typeof s === 'string' &&
    typeof o === 'string' &&
    typeof k === 'string' &&
    k.length <= 1024 &&
    unstorableTextProblem(k) === undefined &&
    typeof id === 'number' &&
    Number.isSafeInteger(id) &&
    id > 0;
  if (!valid) throw new InvalidInputError(INVALID, 'cursor');
  if (s !== sort || o !== order) throw new InvalidInputError('belongs to another sort order; start again without it', 'cursor');
  if (sort === 'created_at' && !createdAtKeyInRange(k)) throw new InvalidInputError(INVALID, 'cursor');
  return { sort, order, key: k, id };
}
