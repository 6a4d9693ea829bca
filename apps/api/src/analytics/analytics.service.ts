import { Injectable } from '@nestjs/common';
import { averageAccountsPerCustomer, CustomerNotFound } from '@app/common';
import {
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
  SnapshotDto,
} from './dto/analytics.dto.js';
import { Served } from './served-by.js';

export const ANALYTICS_SQL = {
  organization: tenantSql(`
    SELECT (SELECT count(*) FROM customers WHERE organization_id = $1)::int AS total_customers,
           count(*)::int AS total_accounts,
           (count(*) FILTER (WHERE status = 'active'))::int AS active_accounts,
           (count(*) FILTER (WHERE status = 'inactive'))::int AS inactive_accounts,
           ${SERVED_COLUMNS}
      FROM accounts WHERE organization_id = $1`),
  customer: tenantSql(`
    SELECT c.id AS customer_id,
           count(a.id)::int AS total_accounts,
           (count(a.id) FILTER (WHERE a.status = 'active'))::int AS active_accounts,
           (count(a.id) FILTER (WHERE a.status = 'inactive'))::int AS inactive_accounts,
           ${SERVED_COLUMNS}
      FROM customers c
      LEFT JOIN accounts a ON a.organization_id = c.organization_id AND a.customer_id = c.id
     WHERE c.organization_id = $1 AND c.id = $2
     GROUP BY c.id`),
  /** Customers per number of accounts, for every n from 0 to the largest (empty buckets count 0). */
  distribution: tenantSql(`
    WITH per_customer AS (
      SELECT count(a.id)::int AS n
        FROM customers c
        LEFT JOIN accounts a ON a.organization_id = c.organization_id AND a.customer_id = c.id
       WHERE c.organization_id = $1
       GROUP BY c.id)
    SELECT s.n AS accounts, count(p.n)::int AS customers, ${SERVED_COLUMNS}
      FROM generate_series(0, (SELECT coalesce(max(n), 0) FROM per_customer)) AS s(n)
      LEFT JOIN per_customer p ON p.n = s.n
     GROUP BY s.n
     ORDER BY s.n`),
  /**
   * One row per UTC day of the last $2 days (today included), oldest first: rows created that day
   * and running totals of the rows that exist now, by creation day (deleted rows are not known).
   */
  growth: tenantSql(`
    WITH bounds AS (
      SELECT (now() AT TIME ZONE 'UTC')::date - ($2::int - 1) AS first_day, (now() AT TIME ZONE 'UTC')::date AS last_day),
    days AS (
      SELECT d::date AS day FROM bounds, generate_series(first_day, last_day, interval '1 day') AS d),
    new_customers AS (
      SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n
        FROM customers, bounds
       WHERE organization_id = $1 AND created_at >= first_day::timestamp AT TIME ZONE 'UTC'
       GROUP BY 1),
    new_accounts AS (
      SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n
        FROM accounts, bounds
       WHERE organization_id = $1 AND created_at >= first_day::timestamp AT TIME ZONE 'UTC'
       GROUP BY 1),
    before AS (
      SELECT (SELECT count(*) FROM customers WHERE organization_id = $1 AND created_at < first_day::timestamp AT TIME ZONE 'UTC')::int AS customers,
             (SELECT count(*) FROM accounts WHERE organization_id = $1 AND created_at < first_day::timestamp AT TIME ZONE 'UTC')::int AS accounts
        FROM bounds)
    SELECT to_char(days.day, 'YYYY-MM-DD') AS day,
           coalesce(nc.n, 0) AS new_customers,
           coalesce(na.n, 0) AS new_accounts,
           (before.customers + sum(coalesce(nc.n, 0)) OVER (ORDER BY days.day))::int AS total_customers,
           (before.accounts + sum(coalesce(na.n, 0)) OVER (ORDER BY days.day))::int AS total_accounts,
           ${SERVED_COLUMNS}
      FROM days
      CROSS JOIN before
      LEFT JOIN new_customers nc ON nc.day = days.day
      LEFT JOIN new_accounts na ON na.day = days.day
     ORDER BY days.day`),
  /**
   * The stored daily snapshots of the last $2 days (UTC), oldest first. The lateral join keeps one
   * row (of NULLs) when there are none, so an empty history still says which server answered.
   */
  history: tenantSql(`
    SELECT to_char(s.day, 'YYYY-MM-DD') AS day, s.total_customers, s.total_accounts, s.active_accounts, s.inactive_accounts,
           s.avg_accounts_per_customer, s.computed_at, r.in_recovery, r.served_lsn
      FROM (SELECT ${SERVED_COLUMNS}) r
      LEFT JOIN LATERAL (
        SELECT * FROM daily_snapshots
         WHERE organization_id = $1 AND day > (now() AT TIME ZONE 'UTC')::date - $2::int) s ON true
     ORDER BY s.day`),
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
    const routed = await this.db.read<GrowthDayDto>(
      tenant,
      ANALYTICS_SQL.growth,
      [days],
    );
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return Served.from(
      routed,
      routed.rows.map((row) => ({
        day: row.day,
        new_customers: row.new_customers,
        new_accounts: row.new_accounts,
        total_customers: row.total_customers,
        total_accounts: row.total_accounts,
      })),
    );
  }

  async history(tenant: Tenant, days: number): Promise<Served<SnapshotDto[]>> {
    // One row of NULLs (day NULL) when there are no snapshots: see ANALYTICS_SQL.history.
    const routed = await this.db.read<
      Omit<SnapshotDto, 'computed_at' | 'day'> & {
        computed_at: Date;
        day: string | null;
      }
    >(tenant, ANALYTICS_SQL.history, [days]);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return Served.from(
      routed,
      routed.rows
        .filter(
          (row): row is (typeof routed.rows)[number] & { day: string } =>
            row.day !== null,
        )
        .map((row) => ({
          day: row.day,
          total_customers: row.total_customers,
          total_accounts: row.total_accounts,
          active_accounts: row.active_accounts,
          inactive_accounts: row.inactive_accounts,
          avg_accounts_per_customer: row.avg_accounts_per_customer,
          computed_at: row.computed_at.toISOString(),
        })),
    );
  }
}
