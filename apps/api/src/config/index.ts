import type { DatabaseConfig } from '@app/database';
import type { JobsConfig } from '@app/jobs';
import type { AppConfig } from './app.config.js';
import type { AuthConfig } from './auth.config.js';

export { appConfig } from './app.config.js';
export { authConfig } from './auth.config.js';
export { validateEnv } from './env.validation.js';

/** Shape of ConfigService<AllConfig, true>. */
export interface AllConfig {
  app: AppConfig;
  auth: AuthConfig;
  database: DatabaseConfig;
  jobs: JobsConfig;
}
