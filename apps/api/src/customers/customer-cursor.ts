import { InvalidInputError } from '../common/domain-errors.js';
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
 * Reads a cursor made by encodeCustomerCursor for the same sort and order; anything else (tampered,
 * truncated, or from another sort) is a 400 rather than a silently wrong page.
 */
export function decodeCustomerCursor(cursor: string | undefined, sort: CustomerSort, order: SortOrder): CustomerCursor | undefined {
  if (cursor === undefined) return undefined;
  let parsed: { s?: unknown; o?: unknown; k?: unknown; id?: unknown } | null = null;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // fall through to the 400 below
  }
  const { s, o, k, id } = parsed ?? {};
  const valid = typeof s === 'string' && typeof o === 'string' && typeof k === 'string' && k.length <= 1024 && typeof id === 'number' && Number.isSafeInteger(id) && id > 0;
  if (!valid) throw new InvalidInputError('cursor is invalid', 'cursor');
  if (s !== sort || o !== order) throw new InvalidInputError('cursor belongs to another sort order; start again without it', 'cursor');
  if (sort === 'created_at' && !/^-?\d{1,19}$/.test(k)) throw new InvalidInputError('cursor is invalid', 'cursor');
  return { sort, order, key: k, id };
}
