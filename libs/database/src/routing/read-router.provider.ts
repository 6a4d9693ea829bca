import { Logger, type Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  type AllConfig,
  type DatabaseConfig,
  describeUrl,
  producerRedisOptions,
} from '@app/config';
import { tracing } from '@app/common';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { PRIMARY } from '../database.constants.js';
import { followerOptions } from '../database-options.js';
import {
  DataSourceFollower,
  Follower,
  type PgPool,
  ReplicationSlaveFollower,
} from './follower.js';
import { ReadRouter } from './read-router.js';
import {
  MemoryTenantPositions,
  RedisTenantPositions,
  type TenantPositions,
} from './tenant-positions.js';

const logger = new Logger('ReadRouter');
/** How long start-up waits for Redis before routing without it (reads go to the leader until it answers). */
const REDIS_READY_WAIT_MS = 2_000;

function followersOf(
  config: DatabaseConfig,
  primary: DataSource,
  appName: string,
): Follower[] {
  if (config.routing === 'replication') {
    // TypeORM built one pool per ANALYTICS_DB_URL entry inside the primary DataSource.
    const slaves =
      (primary.driver as unknown as { slaves?: PgPool[] }).slaves ?? [];
    return slaves.map(
      (slave, index) =>
        new Follower(
          String(index + 1),
          describeUrl(config.analyticsUrls[index] ?? ''),
          new ReplicationSlaveFollower(slave),
        ),
    );
  }
  return config.analyticsUrls.map(
    (url, index) =>
      new Follower(
        String(index + 1),
        describeUrl(url),
        new DataSourceFollower(followerOptions(config, url, appName)),
      ),
  );
}

/** Redis (shared by every process) when REDIS_URL is set; else this process's memory. */
async function positionsStore(
  config: DatabaseConfig,
  primary: DataSource,
): Promise<TenantPositions> {
  if (!config.redisUrl || !config.causalReads)
    return new MemoryTenantPositions();
  const [cluster] = await primary.query<{ id: string; db: string }[]>(
    'SELECT system_identifier::text AS id, current_database() AS db FROM pg_control_system()',
  );
  const redis = new Redis({
    ...producerRedisOptions(config.redisUrl, config.redisTlsRejectUnauthorized),
    // Commands of concurrent requests go out together.
    enableAutoPipelining: true,
    connectionName: 'write-positions',
  });
  // Commands fail fast while Redis is not connected (no offline queue): give it a moment at
  // start-up, so the first reads are not sent to the leader only because it was still connecting.
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, REDIS_READY_WAIT_MS);
    redis.once('ready', done);
  });
  return new RedisTenantPositions(redis, `${cluster.id}:${cluster.db}`);
}

/** The ReadRouter over the primary DataSource and the configured followers, started (first positions read). */
export function readRouterProvider(appName: string): Provider {
  return {
    provide: ReadRouter,
    inject: [ConfigService, getDataSourceToken(PRIMARY)],
    useFactory: async (
      configService: ConfigService<AllConfig, true>,
      primary: DataSource,
    ) => {
      const config = configService.get('database', { infer: true });
      const followers = followersOf(config, primary, appName);
      // Statements outside a routed read (writes, status reads) are told apart by their server.
      tracing().databases([
        ...(config.primary
          ? [{ url: config.primary.url, role: 'leader' as const }]
          : []),
        ...config.analyticsUrls.map((url, index) => ({
          url,
          role: 'follower' as const,
          replica: String(index + 1),
        })),
      ]);
      const positions = await positionsStore(config, primary);
      const router = new ReadRouter(primary, followers, positions, {
        routing: config.routing,
        causalReads: config.causalReads,
        causalWaitMs: config.causalWaitMs,
        maxLagMs: config.replicaMaxLagMs,
        statusIntervalMs: config.replicaStatusIntervalMs,
        probeTimeoutMs: config.connectTimeoutMs,
      });
      await router.start();
      logger.log(
        followers.length === 0
          ? 'analytics: no follower configured, the leader answers'
          : `analytics: ${followers.length} follower(s) (${config.routing}: ${followers.map((follower) => `${follower.replica}=${follower.where} ${follower.status}`).join(', ')}); ` +
              (config.causalReads
                ? `read-your-writes by WAL position (${positions.shared ? 'shared in Redis' : 'this process only'}), wait ${config.causalWaitMs} ms, lag limit ${config.replicaMaxLagMs} ms`
                : 'causal reads off'),
      );
      return router;
    },
  };
}
