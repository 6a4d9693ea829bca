import { Column, Entity, PrimaryColumn } from 'typeorm';
import { OrganizationIdColumn } from './organization.entity.js';

/**
 * One organization's totals for one day (UTC), written by the aggregation job with an upsert on
 * (organization_id, day): a retried or duplicated job rewrites the row, it never adds a second one.
 */
@Entity({ name: 'daily_snapshots' })
export class DailySnapshot {
  @OrganizationIdColumn({ primary: true, table: 'daily_snapshots' })
  organizationId: number;

  /** YYYY-MM-DD (pg `date`, returned as text). */
  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ name: 'total_customers', type: 'integer' })
  totalCustomers: number;

  @Column({ name: 'total_accounts', type: 'integer' })
  totalAccounts: number;

  @Column({ name: 'active_accounts', type: 'integer' })
  activeAccounts: number;

  @Column({ name: 'inactive_accounts', type: 'integer' })
  inactiveAccounts: number;

  @Column({ name: 'avg_accounts_per_customer', type: 'double precision' })
  avgAccountsPerCustomer: number;

  @Column({ name: 'computed_at', type: 'timestamptz', default: () => 'now()' })
  computedAt: Date;
}
