import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Customer, PRIMARY } from '@app/database';
import type { DataSource, EntityManager } from 'typeorm';

const COLUMNS = 'id, organization_id, name, email, created_at, updated_at';

/** The statements, shared with the benchmark's bare-driver baseline so both run identical SQL. */
export const CUSTOMER_SQL = {
  findById: `SELECT ${COLUMNS} FROM customers WHERE organization_id = $1 AND id = $2`,
  /** $2: last id seen (NULL for the first page), $3: ILIKE pattern or NULL, $4: limit. */
  list: `SELECT ${COLUMNS} FROM customers
         WHERE organization_id = $1
           AND ($2::bigint IS NULL OR id < $2)
           AND ($3::text IS NULL OR name ILIKE $3 OR email ILIKE $3)
         ORDER BY id DESC LIMIT $4`,
  insert: `INSERT INTO customers (organization_id, name, email) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
  update: `UPDATE customers SET name = $3, email = $4, updated_at = now()
           WHERE organization_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
  delete: `DELETE FROM customers WHERE organization_id = $1 AND id = $2 RETURNING id`,
  exists: `SELECT 1 FROM customers WHERE organization_id = $1 AND id = $2`,
} as const;

interface CustomerRow {
  id: string;
  organization_id: string;
  name: string;
  email: string;
  created_at: Date;
  updated_at: Date;
}

function toEntity(row: CustomerRow): Customer {
  // A plain object of the entity's shape: constructing the class costs a defineProperty per field.
  return {
    id: Number(row.id),
    organizationId: Number(row.organization_id),
    name: row.name,
    email: row.email,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Escapes LIKE wildcards so that a search for "50%" means the text "50%". */
function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Customers of one organization, on the primary (leader): every statement is scoped by organization_id. */
@Injectable()
export class CustomersRepository {
  constructor(@InjectDataSource(PRIMARY) private readonly primary: DataSource) {}

  async findById(organizationId: number, id: number): Promise<Customer | undefined> {
    const [row] = await this.primary.query(CUSTOMER_SQL.findById, [organizationId, id]);
    return row ? toEntity(row) : undefined;
  }

  async list(organizationId: number, options: { afterId?: number; q?: string; take: number }): Promise<Customer[]> {
    const rows = await this.primary.query(CUSTOMER_SQL.list, [
      organizationId,
      options.afterId ?? null,
      options.q ? containsPattern(options.q) : null,
      options.take,
    ]);
    return rows.map(toEntity);
  }

  async insert(organizationId: number, name: string, email: string): Promise<Customer> {
    const [row] = await this.primary.query(CUSTOMER_SQL.insert, [organizationId, name, email]);
    return toEntity(row);
  }

  async update(organizationId: number, id: number, name: string, email: string): Promise<Customer | undefined> {
    const [rows] = await this.primary.query(CUSTOMER_SQL.update, [organizationId, id, name, email]);
    return rows[0] ? toEntity(rows[0]) : undefined;
  }

  /** Deletes the customer; its accounts go with it (ON DELETE CASCADE), in the same statement. */
  async delete(organizationId: number, id: number): Promise<boolean> {
    const [rows] = await this.primary.query(CUSTOMER_SQL.delete, [organizationId, id]);
    return rows.length > 0;
  }

  async exists(organizationId: number, id: number, manager: EntityManager = this.primary.manager): Promise<boolean> {
    const rows = await manager.query(CUSTOMER_SQL.exists, [organizationId, id]);
    return rows.length > 0;
  }
}
