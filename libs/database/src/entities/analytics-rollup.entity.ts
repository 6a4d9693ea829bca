import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from './bigint.transformer.js';
import { BigintColumn } from './columns.js';

/**
 * The rollups PostgreSQL keeps (migration 1764400000000-analytics-rollups: its triggers write them,
 * the aggregation job folds and repairs them). No foreign keys: an organization's rows are removed
 * by a trigger after the cascades that write to them.
 */

/** 0: the folded row of a day or bucket; above 0: a delta appended by a write, not folded yet. */
const DeltaIdColumn = () =>
  PrimaryColumn({
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'BY DEFAULT',
    transformer: bigintToNumber,
  });

const CountColumn = (name: string) =>
  Column({ name, type: 'integer', default: 0 });

/** What happened in an organization on a UTC day; totals are the sums of the nets up to a day. */
@Entity({ name: 'analytics_daily' })
export class AnalyticsDaily {
  @BigintColumn('organization_id', { primary: true })
  organizationId: number;

  /** YYYY-MM-DD (pg `date`, returned as text). */
  @PrimaryColumn({ type: 'date' })
  day: string;

  @DeltaIdColumn()
  id: number;

  @CountColumn('customers_created')
  customersCreated: number;

  @CountColumn('customers_deleted')
  customersDeleted: number;

  @CountColumn('customers_net')
  customersNet: number;

  @CountColumn('accounts_created')
  accountsCreated: number;

  @CountColumn('accounts_deleted')
  accountsDeleted: number;

  @CountColumn('accounts_activated')
  accountsActivated: number;

  @CountColumn('accounts_deactivated')
  accountsDeactivated: number;

  @CountColumn('accounts_net')
  accountsNet: number;

  @CountColumn('active_net')
  activeNet: number;
}

/** How many customers have `accounts` accounts (a sum over the folded row and the deltas). */
@Entity({ name: 'analytics_distribution' })
export class AnalyticsDistribution {
  @BigintColumn('organization_id', { primary: true })
  organizationId: number;

  @PrimaryColumn({ type: 'integer' })
  accounts: number;

  @DeltaIdColumn()
  id: number;

  @Column({ type: 'integer' })
  customers: number;
}

/** A customer's accounts and active accounts. */
@Entity({ name: 'customer_account_counts' })
export class CustomerAccountCount {
  @BigintColumn('organization_id', { primary: true })
  organizationId: number;

  @BigintColumn('customer_id', { primary: true })
  customerId: number;

  @CountColumn('accounts')
  accounts: number;

  @CountColumn('active_accounts')
  activeAccounts: number;
}
