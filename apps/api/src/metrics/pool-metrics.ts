import { getDataSourceToken } from '@nestjs/typeorm';
import { ANALYTICS, PRIMARY } from '@app/database';
import { makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';

export const DB_POOL_CONNECTIONS = 'db_pool_connections';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

function poolsOf(dataSource: DataSource): {
  master?: PgPool;
  slaves: PgPool[];
} {
  const driver = dataSource.driver as unknown as {
    master?: PgPool;
    slaves?: PgPool[];
  };
  return { master: driver.master, slaves: driver.slaves ?? [] };
}

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
  inject: [getDataSourceToken(PRIMARY), getDataSourceToken(ANALYTICS)],
  collect(
    this: Gauge<'datasource' | 'state'>,
    primary: DataSource,
    analytics: DataSource,
  ) {
    this.reset();
    const { master, slaves } = poolsOf(primary);
    setPool(this, 'primary', master);
    // Replication mode: the followers' pools live inside the primary DataSource.
    slaves.forEach((pool, index) => {
      setPool(
        this,
        slaves.length > 1 ? `analytics_${index}` : 'analytics',
        pool,
      );
    });
    if (analytics !== primary)
      setPool(this, 'analytics', poolsOf(analytics).master);
  },
});
