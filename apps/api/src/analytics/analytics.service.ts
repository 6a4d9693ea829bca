import { Injectable } from '@nestjs/common';
import { averageAccountsPerCustomer, CustomerNotFound } from '@app/common';
import {
  prepared,
  type Routed,
  SERVED_COLUMNS,
  type Tenant,
  TenantDataSource,
  tenantSql,
} from '@app/database';
import type {
  AnalyticsDto,
  CustomerAnalyticsDto,
  DistributionBucketDto,
  GrowthDayDto,
  HistoryDayDto,
} from './dto/analytics.dto.js';
import { Served } from './served-by.js';

/**
 * Read from the rollups PostgreSQL keeps (migration 1764400000000-analytics-rollups): a few hundred
 * rows per organization whatever its size. Each rollup is a folded row plus the deltas not folded
 * yet, so every statement sums. Prepared statements: the same small plan for every organization,
 * planned once per connection.
 */
export const ANALYTICS_SQL = {
  organization: prepared(
    tenantSql(`
    SELECT coalesce(sum(customers_net), 0)::int AS total_customers,
           coalesce(sum(accounts_net), 0)::int AS total_accounts,
           coalesce(sum(active_net), 0)::int AS active_accounts,
           coalesce(sum(accounts_net - active_net), 0)::int AS inactive_accounts,
           ${SERVED_COLUMNS}
      FROM analytics_daily WHERE organization_id = $1`),
  ),
  /** No row when the customer is not the organization's (every customer has a count row). */
  customer: prepared(
    tenantSql(`
    SELECT customer_id, total_accounts, active_accounts,
           total_accounts - active_accounts AS inactive_accounts, ${SERVED_COLUMNS}
      FROM customer_account_counts WHERE organization_id = $1 AND customer_id = $2`),
  ),
  /** Customers per number of accounts, for every n from 0 to the largest (empty buckets count 0). */
  distribution: prepared(
    tenantSql(`
    WITH buckets AS (
      SELECT account_count, sum(customer_count)::int AS customer_count
        FROM analytics_distribution WHERE organization_id = $1
       GROUP BY account_count HAVING sum(customer_count) <> 0)
    SELECT s.n AS accounts, coalesce(b.customer_count, 0) AS customers, ${SERVED_COLUMNS}
      FROM generate_series(0, (SELECT coalesce(max(account_count), 0) FROM buckets)) AS s(n)
      LEFT JOIN buckets b ON b.account_count = s.n
     ORDER BY s.n`),
  ),
  /**
   * One row per UTC day of the last $2 days (today included), oldest first: what was created,
   * deleted, activated and deactivated that day, and the totals at the end of the day (the nets
   * of every earlier day plus the window's running sum). Sums cast to int before the window:
   * a window sum of bigint is numeric, several times slower for 365 rows.
   */
  days: prepared(
    tenantSql(`
    WITH bounds AS (
      SELECT (now() AT TIME ZONE 'UTC')::date - ($2::int - 1) AS first_day, (now() AT TIME ZONE 'UTC')::date AS last_day),
    per_day AS (
      SELECT day, sum(customers_created)::int AS customers_created, sum(customers_deleted)::int AS customers_deleted,
             sum(customers_net)::int AS customers_net, sum(accounts_created)::int AS accounts_created,
             sum(accounts_deleted)::int AS accounts_deleted, sum(accounts_activated)::int AS accounts_activated,
             sum(accounts_deactivated)::int AS accounts_deactivated, sum(accounts_net)::int AS accounts_net,
             sum(active_net)::int AS active_net
        FROM analytics_daily, bounds
       WHERE organization_id = $1 AND day BETWEEN first_day AND last_day
       GROUP BY day),
    before AS (
      SELECT coalesce(sum(customers_net), 0)::int AS customers, coalesce(sum(accounts_net), 0)::int AS accounts,
             coalesce(sum(active_net), 0)::int AS active
        FROM analytics_daily, bounds
       WHERE organization_id = $1 AND day < first_day)
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
           coalesce(p.customers_created, 0) AS new_customers,
           coalesce(p.customers_deleted, 0) AS deleted_customers,
           coalesce(p.accounts_created, 0) AS new_accounts,
           coalesce(p.accounts_deleted, 0) AS deleted_accounts,
           coalesce(p.accounts_activated, 0) AS activated_accounts,
           coalesce(p.accounts_deactivated, 0) AS deactivated_accounts,
           (before.customers + sum(coalesce(p.customers_net, 0)) OVER running)::int AS total_customers,
           (before.accounts + sum(coalesce(p.accounts_net, 0)) OVER running)::int AS total_accounts,
           (before.active + sum(coalesce(p.active_net, 0)) OVER running)::int AS active_accounts,
           ${SERVED_COLUMNS}
      FROM bounds
     CROSS JOIN generate_series(bounds.first_day, bounds.last_day, interval '1 day') AS g(day)
     CROSS JOIN LATERAL (SELECT g.day::date AS day) d
     CROSS JOIN before
      LEFT JOIN per_day p ON p.day = d.day
    WINDOW running AS (ORDER BY d.day)
     ORDER BY d.day`),
  ),
} as const;

/** Aggregations and stored snapshots of one tenant, read through the ReadRouter (a fresh-enough follower, else the leader). */
@Injectable()
export class AnalyticsService {
  constructor(private readonly db: TenantDataSource) {}

  async forOrganization(tenant: Tenant): Promise<Served<AnalyticsDto>> {
    const routed = await this.db.read<
      Omit<AnalyticsDto, 'avg_accounts_per_customer'>
    >(tenant, ANALYTICS_SQL.organization);
    const [row] = routed.rows;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return Served.from(routed, {
      total_customers: row.total_customers,
      total_accounts: row.total_accounts,
      active_accounts: row.active_accounts,
      inactive_accounts: row.inactive_accounts,
      avg_accounts_per_customer: averageAccountsPerCustomer(row),
    });
  }

  async forCustomer(
    tenant: Tenant,
    customerId: number,
  ): Promise<Served<CustomerAnalyticsDto>> {
    // customer_id is a bigint: node-postgres returns it as text.
    const routed = await this.db.read<
      Omit<CustomerAnalyticsDto, 'customer_id'> & { customer_id: string }
    >(tenant, ANALYTICS_SQL.customer, [customerId]);
    const row = routed.rows.at(0);
    if (!row) throw new CustomerNotFound();
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return Served.from(routed, {
      customer_id: Number(row.customer_id),
      total_accounts: row.total_accounts,
      active_accounts: row.active_accounts,
      inactive_accounts: row.inactive_accounts,
    });
  }

  async distribution(tenant: Tenant): Promise<Served<DistributionBucketDto[]>> {
    const routed = await this.db.read<DistributionBucketDto>(
      tenant,
      ANALYTICS_SQL.distribution,
    );
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return Served.from(
      routed,
      routed.rows.map((row) => ({
        accounts: row.accounts,
        customers: row.customers,
      })),
    );
  }

  async growth(tenant: Tenant, days: number): Promise<Served<GrowthDayDto[]>> {
    const routed = await this.days(tenant, days);
    return Served.from(routed, routed.rows.map(growthDay));
  }

  /** The same days as growth, with the average and the status changes of each day. */
  async history(
    tenant: Tenant,
    days: number,
  ): Promise<Served<HistoryDayDto[]>> {
    const routed = await this.days(tenant, days);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return Served.from(
      routed,
      routed.rows.map((row) => ({
        day: row.day,
        new_customers: row.new_customers,
        new_accounts: row.new_accounts,
        deleted_customers: row.deleted_customers,
        deleted_accounts: row.deleted_accounts,
        total_customers: row.total_customers,
        total_accounts: row.total_accounts,
        active_accounts: row.active_accounts,
        inactive_accounts: row.total_accounts - row.active_accounts,
        avg_accounts_per_customer: averageAccountsPerCustomer(row),
        activated_accounts: row.activated_accounts,
        deactivated_accounts: row.deactivated_accounts,
      })),
    );
  }

  private days(tenant: Tenant, days: number): Promise<Routed<DayRow>> {
    return this.db.read<DayRow>(tenant, ANALYTICS_SQL.days, [days]);
  }
}

/** A row of ANALYTICS_SQL.days (every count cast ::int, so numbers). */
type DayRow = Omit<GrowthDayDto, 'inactive_accounts'> &
  Pick<HistoryDayDto, 'activated_accounts' | 'deactivated_accounts'>;

/** A growth day's fields (a plain object type: the DTO class is its Swagger shape). */
type GrowthDay = Pick<GrowthDayDto, keyof GrowthDayDto>;

function growthDay(row: DayRow): GrowthDay {
  return {
    day: row.day,
    new_customers: row.new_customers,
    new_accounts: row.new_accounts,
    deleted_customers: row.deleted_customers,
    deleted_accounts: row.deleted_accounts,
    total_customers: row.total_customers,
    total_accounts: row.total_accounts,
    active_accounts: row.active_accounts,
    inactive_accounts: row.total_accounts - row.active_accounts,
  };
}
