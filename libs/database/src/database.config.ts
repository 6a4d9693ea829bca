import { registerAs } from '@nestjs/config';
import { resolveAnalyticsUrls, resolvePrimaryUrl, DatabaseConfigError, type ResolvedUrl } from './database-url.js';

export type DbRouting = 'explicit' | 'replication';

export interface DatabaseConfig {
  primary: ResolvedUrl;
  analyticsUrls: string[];
  routing: DbRouting;
  poolMax: number;
  analyticsPoolMax: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  forceSsl: boolean;
  seed: boolean;
}

/** Read once at start-up, after the environment has been validated (see apps/api config). */
export const databaseConfig = registerAs('database', (): DatabaseConfig => {
  const env = process.env;
  const primary = resolvePrimaryUrl(env);
  if (!primary) {
    throw new DatabaseConfigError('No database configured: set DATABASE_URL (npm start provides an embedded one).');
  }
  return {
    primary,
    analyticsUrls: resolveAnalyticsUrls(env),
    routing: (env.DB_ROUTING as DbRouting | undefined) ?? 'explicit',
    poolMax: Number(env.DB_POOL_MAX ?? 10),
    analyticsPoolMax: Number(env.ANALYTICS_DB_POOL_MAX ?? 10),
    statementTimeoutMs: Number(env.DB_STATEMENT_TIMEOUT_MS ?? 5000),
    connectTimeoutMs: Number(env.DB_CONNECT_TIMEOUT_MS ?? 3000),
    forceSsl: env.DATABASE_SSL === 'true',
    seed: env.SEED_DATA === 'true',
  };
});
