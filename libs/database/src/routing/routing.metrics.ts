import {
  makeCounterProvider,
  makeGaugeProvider,
} from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import type { FollowerReport, FollowerStatus } from './follower.js';
import { ReadRouter } from './read-router.js';

export const DB_REPLICA_LAG_SECONDS = 'db_replica_lag_seconds';
export const DB_REPLICA_LAG_BYTES = 'db_replica_lag_bytes';
export const DB_READ_ROUTES_TOTAL = 'db_read_routes_total';
export const DB_REPLICA_STATUS = 'db_replica_status';
export const ROUTING_METRIC_NAMES = [
  DB_REPLICA_LAG_SECONDS,
  DB_REPLICA_LAG_BYTES,
  DB_READ_ROUTES_TOTAL,
  DB_REPLICA_STATUS,
];

const FOLLOWER_STATUSES: readonly FollowerStatus[] = ['up', 'lagging', 'down'];

/** A gauge with one value per follower, read from its report at each scrape. */
function perFollowerGauge(
  name: string,
  help: string,
  value: (follower: FollowerReport) => number,
) {
  return makeGaugeProvider({
    name,
    help,
    labelNames: ['replica'],
    inject: [ReadRouter],
    collect(this: Gauge<'replica'>, router: ReadRouter) {
      this.reset();
      for (const follower of router.reports())
        this.set({ replica: follower.replica }, value(follower));
    },
  });
}

/**
 * The contract's routing metrics, read from the ReadRouter at each scrape (its continuous position
 * reads: a scrape runs no query). `replica` is the follower's 1-based position in ANALYTICS_DB_URL.
 */
export const routingMetricsProviders = [
  perFollowerGauge(
    DB_REPLICA_LAG_SECONDS,
    'How far each follower is behind the leader: time since the leader first passed its replay position (0 when it has replayed everything)',
    (follower) => follower.lag_ms / 1000,
  ),
  perFollowerGauge(
    DB_REPLICA_LAG_BYTES,
    'Bytes of WAL the leader has flushed that each follower has not replayed',
    (follower) => follower.lag_bytes,
  ),
  makeGaugeProvider({
    name: DB_REPLICA_STATUS,
    help: "Each follower's status, one series per status (up, lagging, down), 1 for the current one: only `up` serves reads",
    labelNames: ['replica', 'status'],
    inject: [ReadRouter],
    collect(this: Gauge<'replica' | 'status'>, router: ReadRouter) {
      this.reset();
      for (const follower of router.reports())
        for (const status of FOLLOWER_STATUSES)
          this.set(
            { replica: follower.replica, status },
            follower.status === status ? 1 : 0,
          );
    },
  }),
  makeCounterProvider({
    name: DB_READ_ROUTES_TOTAL,
    help: 'Analytics reads by the server that answered (target: follower, leader) and why (reason: X-Routing-Reason)',
    labelNames: ['target', 'reason'],
    inject: [ReadRouter],
    collect(this: Counter<'target' | 'reason'>, router: ReadRouter) {
      this.reset();
      for (const { target, reason, count } of router.routeCounts())
        this.inc({ target, reason }, count);
    },
  }),
];
