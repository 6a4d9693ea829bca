import { Injectable } from '@nestjs/common';
import { firstRow } from '../common/first-row.js';
import {
  type Customer,
  isoTimestamps,
  type RowOf,
  type Tenant,
  TenantDataSource,
  type TenantSql,
  tenantSql,
  type WithIsoTimestamps,
} from '@app/database';
import type { SortOrder } from '../common/pagination.js';

const COLUMNS = 'id, organization_id, name, email, created_at, updated_at';

export type { SortOrder };

export const CUSTOMER_SORTS = ['created_at', 'name', 'email'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

/**
 * Keyset paging over (sort key, id): the key expression orders the rows, the id breaks ties, so a
 * page boundary inside a run of equal names is still exact. `sort_key` is the key as text, carried
 * by the cursor: created_at as integer microseconds since the epoch (a JS Date would drop the
 * microseconds and skip or repeat rows), names lower-cased (case-insensitive order).
 */
const SORT_KEYS: Record<
  CustomerSort,
  { expression: string; asText: string; fromCursor: string }
> = {
  created_at: {
    expression: 'created_at',
    asText: `(extract(epoch FROM created_at) * 1000000)::bigint::text`,
    fromCursor: `timestamptz 'epoch' + $2::bigint * interval '1 microsecond'`,
  },
  name: {
    expression: 'lower(name)',
    asText: 'lower(name)',
    fromCursor: '$2::text',
  },
  email: { expression: 'email', asText: 'email', fromCursor: '$2::text' },
};

/** $1 organization, $2 cursor sort key (text) and $3 cursor id (NULL for the first page), $4 ILIKE pattern or NULL, $5 limit. */
function listSql(sort: CustomerSort, order: SortOrder): string {
  const key = SORT_KEYS[sort];
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  const after = order === 'asc' ? '>' : '<';
  return `SELECT ${COLUMNS}, ${key.asText} AS sort_key FROM customers
         WHERE organization_id = $1
           AND ($3::bigint IS NULL OR (${key.expression}, id) ${after} (${key.fromCursor}, $3::bigint))
           AND ($4::text IS NULL OR name ILIKE $4 OR email ILIKE $4)
         ORDER BY ${key.expression} ${direction}, id ${direction} LIMIT $5`;
}

/** Every (sort, order) statement, built once from the fixed lists above (never from input). */
const LIST_SQL = Object.fromEntries(
  CUSTOMER_SORTS.map((sort) => [
    sort,
    {
      asc: isoTimestamps(tenantSql(listSql(sort, 'asc'))),
      desc: isoTimestamps(tenantSql(listSql(sort, 'desc'))),
    },
  ]),
) as Record<CustomerSort, Record<SortOrder, TenantSql>>;

/**
 * The statements, shared with the benchmark's bare-driver baseline so both run identical SQL.
 * Those returning rows give their timestamps as ISO text (isoTimestamps()): rows go to responses.
 */
export const CUSTOMER_SQL = {
  findById: isoTimestamps(
    tenantSql(
      `SELECT ${COLUMNS} FROM customers WHERE organization_id = $1 AND id = $2`,
    ),
  ),
  /** The default listing: newest first (created_at DESC, id DESC). */
  list: LIST_SQL.created_at.desc,
  insert: isoTimestamps(
    tenantSql(
      `INSERT INTO customers (organization_id, name, email) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
    ),
  ),
  update: isoTimestamps(
    tenantSql(`UPDATE customers SET name = $3, email = $4, updated_at = now()
           WHERE organization_id = $1 AND id = $2 RETURNING ${COLUMNS}`),
  ),
  delete: tenantSql(
    `DELETE FROM customers WHERE organization_id = $1 AND id = $2 RETURNING id`,
  ),
  exists: tenantSql(
    `SELECT 1 FROM customers WHERE organization_id = $1 AND id = $2`,
  ),
} as const;

/** A customer as the repository returns it: the entity's fields, its timestamps as ISO text. */
export type CustomerRecord = WithIsoTimestamps<Customer>;

/** A row as the driver returns it: the columns by their SQL names (bigints and timestamps as text). */
type CustomerRow = RowOf<CustomerRecord>;

function toRecord(row: CustomerRow): CustomerRecord {
  return {
    id: Number(row.id),
    organizationId: Number(row.organization_id),
    name: row.name,
    email: row.email,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Escapes LIKE wildcards so that a search for "50%" means the text "50%". The list's `$4`. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Customers of one tenant, on the primary (leader), through the tenancy layer. */
@Injectable()
export class CustomersRepository {
  constructor(private readonly db: TenantDataSource) {}

  findById(tenant: Tenant, id: number): Promise<CustomerRecord | undefined> {
    return firstRow(
      this.db.rows<CustomerRow>(tenant, CUSTOMER_SQL.findById, [id]),
      toRecord,
    );
  }

  /** One page in (sort, order), after the cursor's (key, id) when given; each row with its sort key as text. */
  async list(
    tenant: Tenant,
    options: {
      sort: CustomerSort;
      order: SortOrder;
      after?: { key: string; id: number };
      q?: string;
      take: number;
    },
  ): Promise<{ customer: CustomerRecord; sortKey: string }[]> {
    const rows = await this.db.rows<CustomerRow & { sort_key: string }>(
      tenant,
      LIST_SQL[options.sort][options.order],
      [
        options.after?.key ?? null,
        options.after?.id ?? null,
        options.q ? containsPattern(options.q) : null,
        options.take,
      ],
    );
    return rows.map((row) => ({
      customer: toRecord(row),
      sortKey: row.sort_key,
    }));
  }

  async insert(
    tenant: Tenant,
    name: string,
    email: string,
  ): Promise<CustomerRecord> {
    const [row] = await this.db.rows<CustomerRow>(tenant, CUSTOMER_SQL.insert, [
      name,
      email,
    ]);
    return toRecord(row);
  }

  update(
    tenant: Tenant,
    id: number,
    name: string,
    email: string,
  ): Promise<CustomerRecord | undefined> {
    return firstRow(
      this.db.rows<CustomerRow>(tenant, CUSTOMER_SQL.update, [id, name, email]),
      toRecord,
    );
  }

  /** Deletes the customer; its accounts go with it (ON DELETE CASCADE), in the same statement. */
  async delete(tenant: Tenant, id: number): Promise<boolean> {
    return (await this.db.rows(tenant, CUSTOMER_SQL.delete, [id])).length > 0;
  }

  async exists(tenant: Tenant, id: number): Promise<boolean> {
    return (await this.db.rows(tenant, CUSTOMER_SQL.exists, [id])).length > 0;
  }
}
