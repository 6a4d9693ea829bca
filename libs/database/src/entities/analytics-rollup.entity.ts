import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from './bigint.transformer.js';
import { BigintColumn } from './columns.js';
import { OrganizationIdColumn } from './organization.entity.js';

/**
 * The rollups PostgreSQL keeps (migration 1764400000000-analytics-rollups: its triggers write them,
 * the aggregation job folds and repairs them).
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
  @OrganizationIdColumn({ primary: true, table: 'analytics_daily' })
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

/** How many customers have `account_count` accounts (a sum over the folded row and the deltas). */
@Entity({ name: 'analytics_distribution' })
export class AnalyticsDistribution {
  @OrganizationIdColumn({ primary: true, table: 'analytics_distribution' })
  organizationId: number;

  @PrimaryColumn({ name: 'account_count', type: 'integer' })
  accountCount: number;

  @DeltaIdColumn()
  id: number;

  @Column({ name: 'customer_count', type: 'integer' })
  customerCount: number;
}

/** A customer's accounts and active accounts. */
@Entity({ name: 'customer_account_counts' })
export class CustomerAccountCount {
  @OrganizationIdColumn({ primary: true, table: 'customer_account_counts' })
  organizationId: number;

  @BigintColumn('customer_id', { primary: true })
  customerId: number;

  @CountColumn('total_accounts')
  totalAccounts: number;

  @CountColumn('active_accounts')
  activeAccounts: number;
}
