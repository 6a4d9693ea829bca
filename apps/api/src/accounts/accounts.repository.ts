import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Account, type AccountStatus, PRIMARY } from '@app/database';
import type { DataSource } from 'typeorm';

const COLUMNS = 'id, organization_id, customer_id, name, status, created_at, updated_at';

export const ACCOUNT_SQL = {
  findById: `SELECT ${COLUMNS} FROM accounts WHERE organization_id = $1 AND id = $2`,
  /** $2 last id seen, $3 customer_id, $4 status (each NULL when absent), $5 limit. */
  list: `SELECT ${COLUMNS} FROM accounts
         WHERE organization_id = $1
           AND ($2::bigint IS NULL OR id < $2)
           AND ($3::bigint IS NULL OR customer_id = $3)
           AND ($4::text IS NULL OR status = $4)
         ORDER BY id DESC LIMIT $5`,
  /** Inserts only when the customer belongs to the organization: no row back means it does not. */
  insert: `INSERT INTO accounts (organization_id, customer_id, name, status)
           SELECT organization_id, id, $3, $4 FROM customers WHERE organization_id = $1 AND id = $2
           RETURNING ${COLUMNS}`,
  update: `UPDATE accounts SET name = $3, status = $4, updated_at = now()
           WHERE organization_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
  delete: `DELETE FROM accounts WHERE organization_id = $1 AND id = $2 RETURNING id`,
} as const;

interface AccountRow {
  id: string;
  organization_id: string;
  customer_id: string;
  name: string;
  status: AccountStatus;
  created_at: Date;
  updated_at: Date;
}

function toEntity(row: AccountRow): Account {
  // A plain object of the entity's shape: constructing the class costs a defineProperty per field.
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

/** Accounts of one organization, on the primary (leader). */
@Injectable()
export class AccountsRepository {
  constructor(@InjectDataSource(PRIMARY) private readonly primary: DataSource) {}

  async findById(organizationId: number, id: number): Promise<Account | undefined> {
    const [row] = await this.primary.query(ACCOUNT_SQL.findById, [organizationId, id]);
    return row ? toEntity(row) : undefined;
  }

  async list(organizationId: number, filter: AccountFilter): Promise<Account[]> {
    const rows = await this.primary.query(ACCOUNT_SQL.list, [
      organizationId,
      filter.afterId ?? null,
      filter.customerId ?? null,
      filter.status ?? null,
      filter.take,
    ]);
    return rows.map(toEntity);
  }

  async insert(organizationId: number, customerId: number, name: string, status: AccountStatus): Promise<Account | undefined> {
    const [row] = await this.primary.query(ACCOUNT_SQL.insert, [organizationId, customerId, name, status]);
    return row ? toEntity(row) : undefined;
  }

  async update(organizationId: number, id: number, name: string, status: AccountStatus): Promise<Account | undefined> {
    const [rows] = await this.primary.query(ACCOUNT_SQL.update, [organizationId, id, name, status]);
    return rows[0] ? toEntity(rows[0]) : undefined;
  }

  async delete(organizationId: number, id: number): Promise<boolean> {
    const [rows] = await this.primary.query(ACCOUNT_SQL.delete, [organizationId, id]);
    return rows.length > 0;
  }
}
