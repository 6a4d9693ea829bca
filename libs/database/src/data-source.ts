import { DataSource } from 'typeorm';
import { type Env, resolvePrimaryUrl } from './database-url.js';
import { primaryOptions } from './database-options.js';
import type { DatabaseConfig } from './database.config.js';

/**
 * The primary DataSource built straight from the environment, outside Nest: used by
 * `npm run migration:run` / the Procfile release phase, and usable with the TypeORM CLI.
 * Same entities, migrations and pool settings as the application.
 */
export function createPrimaryDataSource(env: Env = process.env): DataSource {
  const primary = resolvePrimaryUrl(env);
  if (!primary) throw new Error('DATABASE_URL is not set');
  const config: DatabaseConfig = {
    primary,
    analyticsUrls: [],
    routing: 'explicit',
    poolMax: 2,
    analyticsPoolMax: 1,
    statementTimeoutMs: 0,
    connectTimeoutMs: Number(env.DB_CONNECT_TIMEOUT_MS ?? 10_000),
    forceSsl: env.DATABASE_SSL === 'true',
    seed: env.SEED_DATA === 'true',
  };
  return new DataSource(primaryOptions(config, 'migrate'));
}
