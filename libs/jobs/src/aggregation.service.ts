import { averageAccountsPerCustomer } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  formatLsn,
  type Lsn,
  PRIMARY,
  ReadRouter,
  SERVED_COLUMNS,
  type Tenant,
  TenantDataSource,
  tenantSql,
} from '@app/database';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { AggregatePayload, AggregateResult } from './jobs.constants.js';
import { ROLLUP_DRIFT, ROLLUP_NAMES, type RollupName } from './jobs.metrics.js';

/** The organization's totals counted row by row, and as the rollups say ($1: organization). */
const TOTALS = `
  live AS (
    SELECT (SELECT count(*) FROM customers WHERE organization_id = $1)::int AS customers,
           count(*)::int AS accounts, (count(*) FILTER (WHERE status = 'active'))::int AS active
      FROM accounts WHERE organization_id = $1),
  rolled AS (
    SELECT coalesce(sum(customers_net), 0)::int AS customers, coalesce(sum(accounts_net), 0)::int AS accounts,
           coalesce(sum(active_net), 0)::int AS active
      FROM analytics_daily WHERE organization_id = $1)`;

/**
 * `counts_fix`: the customers whose count row differs from a count of their accounts (or is
 * missing, or has no customer), with the correction. `buckets_fix`: the distribution buckets that
 * differ from the count rows.
 */
const COUNTS_FIX = `
  live_counts AS (
    SELECT c.id AS customer_id, count(a.id)::int AS total_accounts,
           (count(a.id) FILTER (WHERE a.status = 'active'))::int AS active
      FROM customers c
      LEFT JOIN accounts a ON a.organization_id = c.organization_id AND a.customer_id = c.id
     WHERE c.organization_id = $1
     GROUP BY c.id),
  counts_fix AS (
    SELECT coalesce(l.customer_id, r.customer_id) AS customer_id,
           l.customer_id IS NULL AS orphan, r.customer_id IS NULL AS missing,
           coalesce(l.total_accounts, 0) - coalesce(r.total_accounts, 0) AS total_accounts,
           coalesce(l.active, 0) - coalesce(r.active_accounts, 0) AS active
      FROM live_counts l
      FULL JOIN (SELECT customer_id, total_accounts, active_accounts
                   FROM customer_account_counts WHERE organization_id = $1) r ON r.customer_id = l.customer_id
     WHERE l.customer_id IS NULL OR r.customer_id IS NULL OR l.total_accounts <> r.total_accounts
        OR l.active <> r.active_accounts)`;
const BUCKETS_FIX = `
  buckets_fix AS (
    SELECT account_count, coalesce(l.n, 0) - coalesce(r.n, 0) AS customer_count
      FROM (SELECT total_accounts AS account_count, count(*)::int AS n FROM customer_account_counts
             WHERE organization_id = $1 GROUP BY total_accounts) l
      FULL JOIN (SELECT account_count, sum(customer_count)::int AS n FROM analytics_distribution
                  WHERE organization_id = $1 GROUP BY account_count) r USING (account_count)
     WHERE coalesce(l.n, 0) <> coalesce(r.n, 0))`;

/**
 * The job's check, in one snapshot: the totals at the end of $2 (a UTC day) from the rollups, and
 * how many differences there are between the rollups and a count of the rows.
 */
export const CHECK_SQL = tenantSql(`
  WITH ${TOTALS}, ${COUNTS_FIX}, ${BUCKETS_FIX},
  until_day AS (
    SELECT coalesce(sum(customers_net), 0)::int AS customers, coalesce(sum(accounts_net), 0)::int AS accounts,
           coalesce(sum(active_net), 0)::int AS active
      FROM analytics_daily WHERE organization_id = $1 AND day <= $2::date)
  SELECT until_day.customers AS total_customers, until_day.accounts AS total_accounts,
         until_day.active AS active_accounts, until_day.accounts - until_day.active AS inactive_accounts,
         abs(live.customers - rolled.customers) + abs(live.accounts - rolled.accounts)
           + abs(live.active - rolled.active) AS totals_drift,
         (SELECT count(*) FROM counts_fix)::int AS counts_drift,
         (SELECT count(*) FROM buckets_fix)::int AS distribution_drift,
         ${SERVED_COLUMNS}
    FROM until_day, live, rolled`);

/**
 * The repairs, on the leader, each one statement (one snapshot): corrections are added to what is
 * there, so writes that commit meanwhile (and carry their own deltas) stay counted. The counts
 * first: their trigger moves the distribution, which is checked after them.
 */
export const REPAIR_SQL = {
  counts: tenantSql(`
    WITH ${COUNTS_FIX},
    removed AS (
      DELETE FROM customer_account_counts stale USING counts_fix f
       WHERE stale.organization_id = $1 AND stale.customer_id = f.customer_id AND f.orphan),
    added AS (
      INSERT INTO customer_account_counts (organization_id, customer_id, total_accounts, active_accounts)
      SELECT $1, customer_id, total_accounts, active FROM counts_fix WHERE missing
      ON CONFLICT DO NOTHING),
    corrected AS (
      UPDATE customer_account_counts counted
         SET total_accounts = counted.total_accounts + f.total_accounts,
             active_accounts = counted.active_accounts + f.active
        FROM counts_fix f
       WHERE counted.organization_id = $1 AND counted.customer_id = f.customer_id AND NOT f.orphan AND NOT f.missing)
    SELECT count(*)::int AS fixed FROM counts_fix`),
  totals: tenantSql(`
    WITH ${TOTALS}
    INSERT INTO analytics_daily (organization_id, day, customers_net, accounts_net, active_net)
    SELECT $1, analytics_event_day(), live.customers - rolled.customers, live.accounts - rolled.accounts,
           live.active - rolled.active
      FROM live, rolled
     WHERE (live.customers, live.accounts, live.active) <> (rolled.customers, rolled.accounts, rolled.active)
    RETURNING (abs(customers_net) + abs(accounts_net) + abs(active_net))::int AS fixed`),
  distribution: tenantSql(`
    WITH ${BUCKETS_FIX}
    INSERT INTO analytics_distribution (organization_id, account_count, customer_count)
    SELECT $1, account_count, customer_count FROM buckets_fix
    RETURNING abs(customer_count) AS fixed`),
} as const;

/** Waits for the organization's fold lock (the triggers only try it), then folds its deltas. */
const FOLD_SQL = `SELECT pg_advisory_xact_lock(17644, ($1::bigint % 2147483647)::int), analytics_fold($1::bigint) AS folded`;

/**
 * One row per (organization, day): what the job found for that day. A retried or duplicated job
 * rewrites the row instead of adding one; a computation that started before the stored one never
 * overwrites it.
 */
export const UPSERT_SNAPSHOT_SQL = tenantSql(`
  INSERT INTO daily_snapshots AS s (organization_id, day, total_customers, total_accounts, active_accounts,
                                    inactive_accounts, avg_accounts_per_customer, computed_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT (organization_id, day) DO UPDATE
     SET total_customers = EXCLUDED.total_customers,
         total_accounts = EXCLUDED.total_accounts,
         active_accounts = EXCLUDED.active_accounts,
         inactive_accounts = EXCLUDED.inactive_accounts,
         avg_accounts_per_customer = EXCLUDED.avg_accounts_per_customer,
         computed_at = EXCLUDED.computed_at
   WHERE s.computed_at <= EXCLUDED.computed_at`);

interface CheckRow extends Pick<
  AggregateResult,
  'total_customers' | 'total_accounts' | 'active_accounts' | 'inactive_accounts'
> {
  totals_drift: number;
  counts_drift: number;
  distribution_drift: number;
}

/**
 * The aggregation job's work: check the organization's rollups against a count of its rows (read
 * through the ReadRouter, so on a follower that has the job's position), repair them on the leader
 * when they differ, fold their deltas, and store the day's totals.
 */
@Injectable()
export class AggregationService {
  /** Differences found by the latest check of each organization, per rollup (this process's checks). */
  private readonly found = new Map<number, Record<RollupName, number>>();

  constructor(
    private readonly db: TenantDataSource,
    private readonly router: ReadRouter,
    @InjectDataSource(PRIMARY) private readonly primary: DataSource,
    @InjectMetric(ROLLUP_DRIFT) private readonly driftGauge: Gauge<'rollup'>,
  ) {}

  /** The payload of an aggregation requested now: it carries the leader's current WAL position. */
  async request(tenant: Tenant, day: string): Promise<AggregatePayload> {
    return {
      organization_id: tenant.organizationId,
      date: day,
      wal_position: formatLsn(
        await this.router.positionForJob(tenant.organizationId),
      ),
    };
  }

  /**
   * `after`: the leader's WAL position when the job was enqueued; the check reads a follower that
   * has replayed it (or the leader), so a change made before the request is counted.
   */
  async aggregate(
    tenant: Tenant,
    day: string,
    after?: Lsn,
    now: () => Date = () => new Date(),
  ): Promise<AggregateResult> {
    const computedAt = now();
    const {
      rows: [found],
    } = await this.db.read<CheckRow>(tenant, CHECK_SQL, [day], after);
    const drift = {
      totals: found.totals_drift,
      counts: found.counts_drift,
      distribution: found.distribution_drift,
    };
    this.record(tenant, drift);
    const rollupDrift = drift.totals + drift.counts + drift.distribution;
    const repaired = await this.db.transaction(tenant, async (manager) => {
      // The lock first: no fold runs while the repair reads the rollups.
      await manager.query(FOLD_SQL, [tenant.organizationId]);
      if (rollupDrift === 0) return false;
      for (const repair of [
        REPAIR_SQL.counts,
        REPAIR_SQL.totals,
        REPAIR_SQL.distribution,
      ])
        await this.db.rows(tenant, repair, [], manager);
      await manager.query(FOLD_SQL, [tenant.organizationId]);
      return true;
    });
    // After a repair the day's totals are read again, on the leader.
    const [row] = repaired
      ? await this.db.rows<CheckRow>(tenant, CHECK_SQL, [day])
      : [found];
    const result: AggregateResult = {
      total_customers: row.total_customers,
      total_accounts: row.total_accounts,
      active_accounts: row.active_accounts,
      inactive_accounts: row.inactive_accounts,
      avg_accounts_per_customer: averageAccountsPerCustomer(row),
      rollup_drift: rollupDrift,
    };
    await this.db.rows(tenant, UPSERT_SNAPSHOT_SQL, [
      day,
      result.total_customers,
      result.total_accounts,
      result.active_accounts,
      result.inactive_accounts,
      result.avg_accounts_per_customer,
      computedAt,
    ]);
    return result;
  }

  private record(tenant: Tenant, drift: Record<RollupName, number>): void {
    this.found.set(tenant.organizationId, drift);
    for (const rollup of ROLLUP_NAMES) {
      let total = 0;
      for (const counts of this.found.values()) total += counts[rollup];
      this.driftGauge.set({ rollup }, total);
    }
  }

  /** Ids of every organization (the scheduled fan-out), read on the primary: it must not miss a new one. Not tenant data: the list of tenants. */
  async organizationIds(): Promise<number[]> {
    const rows: { id: string }[] = await this.primary.query(
      'SELECT id FROM organizations ORDER BY id',
    );
    return rows.map((row) => Number(row.id));
  }
}
