import { Injectable } from '@nestjs/common';
import { AnalyticsReader } from '@app/database';
import { CustomerNotFound } from '../common/domain-errors.js';
import type { AnalyticsDto, CustomerAnalyticsDto } from './dto/analytics.dto.js';

/** Which server computed a result: read from pg_is_in_recovery() inside the same statement. */
export type ServedBy = 'follower' | 'leader';

export interface Served<T> {
  result: T;
  servedBy: ServedBy;
}

export const ANALYTICS_SQL = {
  organization: `
    SELECT (SELECT count(*) FROM customers WHERE organization_id = $1)::int AS total_customers,
           count(*)::int AS total_accounts,
           (count(*) FILTER (WHERE status = 'active'))::int AS active_accounts,
           (count(*) FILTER (WHERE status = 'inactive'))::int AS inactive_accounts,
           pg_is_in_recovery() AS in_recovery
      FROM accounts WHERE organization_id = $1`,
  customer: `
    SELECT c.id AS customer_id,
           count(a.id)::int AS total_accounts,
           (count(a.id) FILTER (WHERE a.status = 'active'))::int AS active_accounts,
           (count(a.id) FILTER (WHERE a.status = 'inactive'))::int AS inactive_accounts,
           pg_is_in_recovery() AS in_recovery
      FROM customers c
      LEFT JOIN accounts a ON a.organization_id = c.organization_id AND a.customer_id = c.id
     WHERE c.organization_id = $1 AND c.id = $2
     GROUP BY c.id`,
} as const;

const servedBy = (inRecovery: boolean): ServedBy => (inRecovery ? 'follower' : 'leader');

/** Aggregations, read through the analytics DataSource (the follower when there is one). */
@Injectable()
export class AnalyticsService {
  constructor(private readonly reader: AnalyticsReader) {}

  async forOrganization(organizationId: number): Promise<Served<AnalyticsDto>> {
    const [row] = await this.reader.read((manager) => manager.query(ANALYTICS_SQL.organization, [organizationId]));
    return {
      servedBy: servedBy(row.in_recovery),
      result: {
        total_customers: row.total_customers,
        total_accounts: row.total_accounts,
        active_accounts: row.active_accounts,
        inactive_accounts: row.inactive_accounts,
        avg_accounts_per_customer: row.total_customers === 0 ? 0 : row.total_accounts / row.total_customers,
      },
    };
  }

  async forCustomer(organizationId: number, customerId: number): Promise<Served<CustomerAnalyticsDto>> {
    const [row] = await this.reader.read((manager) => manager.query(ANALYTICS_SQL.customer, [organizationId, customerId]));
    if (!row) throw new CustomerNotFound();
    return {
      servedBy: servedBy(row.in_recovery),
      result: {
        customer_id: Number(row.customer_id),
        total_accounts: row.total_accounts,
        active_accounts: row.active_accounts,
        inactive_accounts: row.inactive_accounts,
      },
    };
  }
}
