import type { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { AllConfig } from './config.types.js';

/**
 * @nestjs/config's global module over an already parsed configuration (parseEnv): the sections
 * (app, auth, database, jobs, worker) are what ConfigService<AllConfig, true> returns with
 * `{ infer: true }`. No `validate` here on purpose: the entry point (or the test helper) parsed
 * the environment once before creating the app and passes the result in; @nestjs/config's own
 * validation would parse it a second time and write the values back into process.env. Nor does
 * it read `.env` or process.env: the parsed object is the whole configuration.
 */
export function configModule(
  config: Readonly<AllConfig>,
): Promise<DynamicModule> {
  return ConfigModule.forRoot({
    isGlobal: true,
    cache: true,
    ignoreEnvFile: true,
    validatePredefined: false,
    skipProcessEnv: true,
    load: [() => config],
  });
}
