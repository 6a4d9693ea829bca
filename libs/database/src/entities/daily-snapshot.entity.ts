import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { Organization } from './organization.entity.js';
import { bigintToNumber } from './bigint.transformer.js';

/**
 * One organization's totals for one day (UTC), written by the aggregation job with an upsert on
 * (organization_id, day): a retried or duplicated job rewrites the row, it never adds a second one.
 */
@Entity({ name: 'daily_snapshots' })
export class DailySnapshot {
  @ForeignKey(() => Organization, {
    name: 'daily_snapshots_organization_id_fkey',
    onDelete: 'CASCADE',
  })
  @PrimaryColumn({
    name: 'organization_id',
    type: 'bigint',
    transformer: bigintToNumber,
  })
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
