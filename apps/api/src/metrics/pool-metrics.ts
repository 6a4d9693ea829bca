import { getDataSourceToken } from '@nestjs/typeorm';
import { type PgPool, pgPoolOf, PRIMARY, ReadRouter } from '@app/database';
import { makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';

export const DB_POOL_CONNECTIONS = 'db_pool_connections';

/**
 * Requests waiting for a connection. pg-pool queues every connect() for a tick even when an idle
 * client will take it, so a query issued by the scrape itself (the jobs gauge reads pg-boss's job
 * table) showed as 1 waiting beside 4 idle: only requests beyond the idle clients really wait.
 */
export function waitingFor(pool: PgPool): number {
  return Math.max(0, pool.waitingCount - pool.idleCount);
}

function setPool(
  gauge: Gauge<'datasource' | 'state'>,
  datasource: string,
  pool: PgPool | undefined,
): void {
  if (!pool) return;
  gauge.set({ datasource, state: 'total' }, pool.totalCount);
  gauge.set({ datasource, state: 'idle' }, pool.idleCount);
  gauge.set({ datasource, state: 'waiting' }, waitingFor(pool));
}

/** db_pool_connections{datasource,state}, read from the pg pools at each scrape. */
export const poolMetricsProvider = makeGaugeProvider({
  name: DB_POOL_CONNECTIONS,
  help: 'pg pool connections by DataSource (state: total, idle, waiting)',
  labelNames: ['datasource', 'state'],
  inject: [getDataSourceToken(PRIMARY), ReadRouter],
  collect(
    this: Gauge<'datasource' | 'state'>,
    primary: DataSource,
    router: ReadRouter,
  ) {
    this.reset();
    setPool(this, 'primary', pgPoolOf(primary));
    // One pool per follower: its own DataSource, or a slave pool inside the primary (replication).
    for (const follower of router.followers) {
      setPool(
        this,
        router.followers.length > 1
          ? `analytics_${follower.replica}`
          : 'analytics',
        follower.connection.pool(),
      );
    }
  },
});
