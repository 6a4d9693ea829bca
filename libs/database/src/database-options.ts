import type { DataSourceOptions } from 'typeorm';
import {
  connectionSettings,
  type DatabaseConfig,
  DatabaseConfigError,
  type ResolvedUrl,
} from '@app/config';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

interface PoolSettings {
  max: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  applicationName: string;
}

/** pg.Pool settings: a bounded pool, a statement timeout and a bounded wait for a connection. */
function poolExtra(pool: PoolSettings) {
  return {
    max: pool.max,
    statement_timeout: pool.statementTimeoutMs,
    idle_in_transaction_session_timeout: pool.statementTimeoutMs * 2,
    connectionTimeoutMillis: pool.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: pool.applicationName,
  };
}

const common = {
  type: 'postgres' as const,
  entities: ENTITIES,
  migrations: MIGRATIONS,
  migrationsTableName: 'migrations',
  synchronize: false,
  migrationsRun: false,
  logging: false,
};

/** The configured primary, or the sentence that says how to configure one. */
export function requirePrimary(config: DatabaseConfig): ResolvedUrl {
  if (!config.primary) {
    throw new DatabaseConfigError(
      'No database configured: set DATABASE_URL (npm start runs an embedded leader + follower instead).',
    );
  }
  return config.primary;
}

export function primaryOptions(
  config: DatabaseConfig,
  appName: string,
): DataSourceOptions {
  const extra = poolExtra({
    ...config,
    max: config.poolMax,
    applicationName: `${appName}:primary`,
  });
  const primary = connectionSettings(
    requirePrimary(config).url,
    config.forceSsl,
  );
  if (config.routing === 'replication' && config.analyticsUrls.length > 0) {
    const replicas = config.analyticsUrls.map((url) =>
      connectionSettings(url, config.forceSsl),
    );
    return {
      ...common,
      replication: {
        master: primary,
        slaves: replicas,
        defaultMode: 'master',
      },
      extra,
    };
  }
  return { ...common, ...primary, extra };
}

export function followerOptions(
  config: DatabaseConfig,
  url: string,
  appName: string,
): DataSourceOptions {
  return {
    ...common,
    migrations: [],
    ...connectionSettings(url, config.forceSsl),
    extra: poolExtra({
      ...config,
      max: config.analyticsPoolMax,
      applicationName: `${appName}:analytics`,
    }),
  };
}
