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
import type { DataSource } from 'typeorm';
import type { AggregatePayload, AggregateResult } from './jobs.constants.js';

/**
 * Counts what existed at the end of `day` (UTC): customers and accounts created before the next
 * midnight, with each account's current status (status history is not kept).
 */
export const AGGREGATE_SQL = tenantSql(`
  WITH bound AS (SELECT (($2::date + 1)::timestamp AT TIME ZONE 'UTC') AS until)
  SELECT (SELECT count(*) FROM customers c, bound
           WHERE c.organization_id = $1 AND c.created_at < bound.until)::int AS total_customers,
         count(a.id)::int AS total_accounts,
         (count(a.id) FILTER (WHERE a.status = 'active'))::int AS active_accounts,
         (count(a.id) FILTER (WHERE a.status = 'inactive'))::int AS inactive_accounts,
         ${SERVED_COLUMNS}
    FROM bound
    LEFT JOIN accounts a ON a.organization_id = $1 AND a.created_at < bound.until`);

/**
 * One row per (organization, day). A retried or duplicated job rewrites the row instead of adding
 * one; a computation that started before the stored one never overwrites it.
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

/** The aggregation job's work: read through the ReadRouter (tenancy layer), store on the primary. */
@Injectable()
export class AggregationService {
  constructor(
    private readonly db: TenantDataSource,
    private readonly router: ReadRouter,
    @InjectDataSource(PRIMARY) private readonly primary: DataSource,
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
   * `after`: the leader's WAL position when the job was enqueued; the counts are read from a
   * follower that has replayed it (or the leader), so a change made before the request is counted.
   */
  async aggregate(
    tenant: Tenant,
    day: string,
    after?: Lsn,
    now: () => Date = () => new Date(),
  ): Promise<AggregateResult> {
    const computedAt = now();
    // The counts are cast ::int in AGGREGATE_SQL, so node-postgres gives numbers.
    const {
      rows: [row],
    } = await this.db.read<
      Pick<
        AggregateResult,
        | 'total_customers'
        | 'total_accounts'
        | 'active_accounts'
        | 'inactive_accounts'
      >
    >(tenant, AGGREGATE_SQL, [day], after);
    const result: AggregateResult = {
      total_customers: row.total_customers,
      total_accounts: row.total_accounts,
      active_accounts: row.active_accounts,
      inactive_accounts: row.inactive_accounts,
      avg_accounts_per_customer: averageAccountsPerCustomer(row),
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

  /** Ids of every organization (the scheduled fan-out), read on the primary: it must not miss a new one. Not tenant data: the list of tenants. */
  async organizationIds(): Promise<number[]> {
    const rows: { id: string }[] = await this.primary.query(
      'SELECT id FROM organizations ORDER BY id',
    );
    return rows.map((row) => Number(row.id));
  }
}
