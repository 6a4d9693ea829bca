import { Logger } from '@nestjs/common';
import { join, resolve } from 'node:path';
import { type Env, resolvePrimaryUrl } from '../database-url.js';
import { type EmbeddedCluster, startEmbeddedCluster } from './embedded-cluster.js';

/**
 * With no database configured, starts the embedded PostgreSQL leader and its streaming follower
 * (data under DATA_DIR, default .data/) and points DATABASE_URL / ANALYTICS_DB_URL at them, with
 * the demo seed on unless SEED_DATA says otherwise. Returns the cluster to stop at shutdown, or
 * undefined when a database is configured.
 */
export async function startEmbeddedDatabaseIfNeeded(env: Env = process.env): Promise<EmbeddedCluster | undefined> {
  if (resolvePrimaryUrl(env)) return undefined;
  const logger = new Logger('EmbeddedPostgres');
  const dataDir = join(resolve(env.DATA_DIR ?? '.data'), 'pg');
  logger.log(`no DATABASE_URL: starting the embedded leader + follower in ${dataDir}`);
  const cluster = await startEmbeddedCluster({ dataDir, log: (line: string) => logger.debug(line) });
  env.DATABASE_URL = cluster.leaderUrl;
  if (cluster.followerUrl) env.ANALYTICS_DB_URL = cluster.followerUrl;
  env.SEED_DATA ??= 'true';
  logger.log(`embedded leader on 127.0.0.1:${cluster.leaderPort}, follower on 127.0.0.1:${cluster.followerPort}`);
  return cluster;
}
