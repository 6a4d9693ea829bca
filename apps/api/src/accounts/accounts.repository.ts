import { Injectable } from '@nestjs/common';
import { firstRow } from '../common/first-row.js';
import {
  type Account,
  type AccountStatus,
  isoTimestamps,
  type RowOf,
  type Tenant,
  TenantDataSource,
  tenantSql,
  type WithIsoTimestamps,
} from '@app/database';

const COLUMNS =
  'id, organization_id, customer_id, name, status, created_at, updated_at';

/** The statements (the benchmark's baseline runs the same); rows come with ISO text timestamps (isoTimestamps()). */
export const ACCOUNT_SQL = {
  findById: isoTimestamps(
    tenantSql(
      `SELECT ${COLUMNS} FROM accounts WHERE organization_id = $1 AND id = $2`,
    ),
  ),
  /** $2 last id seen, $3 customer_id, $4 status (each NULL when absent), $5 limit. */
  list: isoTimestamps(
    tenantSql(`SELECT ${COLUMNS} FROM accounts
         WHERE organization_id = $1
           AND ($2::bigint IS NULL OR id < $2)
           AND ($3::bigint IS NULL OR customer_id = $3)
           AND ($4::text IS NULL OR status = $4)
         ORDER BY id DESC LIMIT $5`),
  ),
  /** Inserts only when the customer belongs to the organization: no row back means it does not. */
  insert: isoTimestamps(
    tenantSql(`INSERT INTO accounts (organization_id, customer_id, name, status)
           SELECT organization_id, id, $3, $4 FROM customers WHERE organization_id = $1 AND id = $2
           RETURNING ${COLUMNS}`),
  ),
  update: isoTimestamps(
    tenantSql(`UPDATE accounts SET name = $3, status = $4, updated_at = now()
           WHERE organization_id = $1 AND id = $2 RETURNING ${COLUMNS}`),
  ),
  delete: tenantSql(
    `DELETE FROM accounts WHERE organization_id = $1 AND id = $2 RETURNING id`,
  ),
} as const;

/** An account as the repository returns it: the entity's fields, its timestamps as ISO text. */
export type AccountRecord = WithIsoTimestamps<Account>;

type AccountRow = RowOf<AccountRecord>;

function toRecord(row: AccountRow): AccountRecord {
  return {
    id: Number(row.id),
    organizationId: Number(row.organization_id),
    customerId: Number(row.customer_id),
    name: row.name,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface AccountFilter {
  afterId?: number;
  customerId?: number;
  status?: AccountStatus;
  take: number;
}

/** Accounts of one tenant, on the primary (leader), through the tenancy layer. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly db: TenantDataSource) {}

  findById(tenant: Tenant, id: number): Promise<AccountRecord | undefined> {
    return firstRow(
      this.db.rows<AccountRow>(tenant, ACCOUNT_SQL.findById, [id]),
      toRecord,
    );
  }

  async list(tenant: Tenant, filter: AccountFilter): Promise<AccountRecord[]> {
    const rows = await this.db.rows<AccountRow>(tenant, ACCOUNT_SQL.list, [
      filter.afterId ?? null,
      filter.customerId ?? null,
      filter.status ?? null,
      filter.take,
    ]);
    return rows.map(toRecord);
  }

  /** undefined when the customer is not one of the tenant's (the insert selects it by organization). */
  insert(
    tenant: Tenant,
    customerId: number,
    name: string,
    status: AccountStatus,
  ): Promise<AccountRecord | undefined> {
    return firstRow(
      this.db.rows<AccountRow>(tenant, ACCOUNT_SQL.insert, [
        customerId,
        name,
        status,
      ]),
      toRecord,
    );
  }

  update(
    tenant: Tenant,
    id: number,
    name: string,
    status: AccountStatus,
  ): Promise<AccountRecord | undefined> {
    return firstRow(
      this.db.rows<AccountRow>(tenant, ACCOUNT_SQL.update, [id, name, status]),
      toRecord,
    );
  }

  async delete(tenant: Tenant, id: number): Promise<boolean> {
    return (await this.db.rows(tenant, ACCOUNT_SQL.delete, [id])).length > 0;
  }
}
