import type { DatabaseConfig } from '@app/config';
import { DataSource } from 'typeorm';
import { primaryOptions } from './database-options.js';

/**
 * The primary DataSource outside Nest, from the parsed `database` section (parseEnv): used by
 * `main.js migrate` (the Procfile release phase) and the tests. Same entities, migrations and
 * connection settings as the application; a small pool and no statement timeout (a migration
 * may take long).
 */
export function createPrimaryDataSource(config: DatabaseConfig): DataSource {
  return new DataSource(
    primaryOptions(
      {
        ...config,
        analyticsUrls: [],
        routing: 'explicit',
        poolMax: 2,
        analyticsPoolMax: 1,
        statementTimeoutMs: 0,
      },
      'migrate',
    ),
  );
}
