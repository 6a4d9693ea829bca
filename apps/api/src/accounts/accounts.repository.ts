import { Injectable } from '@nestjs/common';
import { firstRow } from '../common/first-row.js';
import {
  type Account,
  type AccountStatus,
  type RowOf,
  type Tenant,
  TenantDataSource,
  tenantSql,
} from '@app/database';

const COLUMNS =
  'id, organization_id, customer_id, name, status, created_at, updated_at';

export const ACCOUNT_SQL = {
  findById: tenantSql(
    `SELECT ${COLUMNS} FROM accounts WHERE organization_id = $1 AND id = $2`,
  ),
  /** $2 last id seen, $3 customer_id, $4 status (each NULL when absent), $5 limit. */
  list: tenantSql(`SELECT ${COLUMNS} FROM accounts
         WHERE organization_id = $1
           AND ($2::bigint IS NULL OR id < $2)
           AND ($3::bigint IS NULL OR customer_id = $3)
           AND ($4::text IS NULL OR status = $4)
         ORDER BY id DESC LIMIT $5`),
  /** Inserts only when the customer belongs to the organization: no row back means it does not. */
  insert:
    tenantSql(`INSERT INTO accounts (organization_id, customer_id, name, status)
           SELECT organization_id, id, $3, $4 FROM customers WHERE organization_id = $1 AND id = $2
           RETURNING ${COLUMNS}`),
  update:
    tenantSql(`UPDATE accounts SET name = $3, status = $4, updated_at = now()
           WHERE organization_id = $1 AND id = $2 RETURNING ${COLUMNS}`),
  delete: tenantSql(
    `DELETE FROM accounts WHERE organization_id = $1 AND id = $2 RETURNING id`,
  ),
} as const;

type AccountRow = RowOf<Account>;

function toEntity(row: AccountRow): Account {
  // A plain object of the entity's shape: constructing the class costs a defineProperty per field.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- entity classes have no methods; a plain object of their shape skips per-field defineProperty on this hot path
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

  findById(tenant: Tenant, id: number): Promise<Account | undefined> {
    return firstRow(
      this.db.rows<AccountRow>(tenant, ACCOUNT_SQL.findById, [id]),
      toEntity,
    );
  }

  async list(tenant: Tenant, filter: AccountFilter): Promise<Account[]> {
    const rows = await this.db.rows<AccountRow>(tenant, ACCOUNT_SQL.list, [
      filter.afterId ?? null,
      filter.customerId ?? null,
      filter.status ?? null,
      filter.take,
    ]);
    return rows.map(toEntity);
  }

  /** undefined when the customer is not one of the tenant's (the insert selects it by organization). */
  insert(
    tenant: Tenant,
    customerId: number,
    name: string,
    status: AccountStatus,
  ): Promise<Account | undefined> {
    return firstRow(
      this.db.rows<AccountRow>(tenant, ACCOUNT_SQL.insert, [
        customerId,
        name,
        status,
      ]),
      toEntity,
    );
  }

  update(
    tenant: Tenant,
    id: number,
    name: string,
    status: AccountStatus,
  ): Promise<Account | undefined> {
    return firstRow(
      this.db.rows<AccountRow>(tenant, ACCOUNT_SQL.update, [id, name, status]),
      toEntity,
    );
  }

  async delete(tenant: Tenant, id: number): Promise<boolean> {
    return (await this.db.rows(tenant, ACCOUNT_SQL.delete, [id])).length > 0;
  }
}
