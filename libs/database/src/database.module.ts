import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AllConfig, type DatabaseConfig, describeUrl } from '@app/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { PRIMARY } from './database.constants.js';
import { primaryOptions, requirePrimary } from './database-options.js';
import { runMigrationsWithLock } from './migrate.js';
import { ReadRouter } from './routing/read-router.js';
import { readRouterProvider } from './routing/read-router.provider.js';
import { seedDemoData } from './seed.js';

const logger = new Logger('Database');

export interface DatabaseModuleOptions {
  /** Shown in pg_stat_activity.application_name, e.g. "api" or "worker". */
  appName: string;
  /** Apply pending migrations (under an advisory lock) and the optional demo seed at start-up. */
  migrate: boolean;
}

async function createPrimary(
  options: DataSourceOptions,
  config: DatabaseConfig,
  migrate: boolean,
) {
  const dataSource = await new DataSource(options).initialize();
  const primary = requirePrimary(config);
  logger.log(
    `primary: ${describeUrl(primary.url)} (from ${primary.source}, routing ${config.routing})`,
  );
  if (migrate) {
    const applied = await runMigrationsWithLock(dataSource);
    if (applied.length > 0)
      logger.log(`migrations applied: ${applied.join(', ')}`);
    if (config.seed && (await seedDemoData(dataSource)))
      logger.log('seeded the demo organization (admin / admin123)');
  }
  return dataSource;
}

@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        // ConfigService is global (libs/config configModule), holding the parsed `database` section.
        TypeOrmModule.forRootAsync({
          name: PRIMARY,
          inject: [ConfigService],
          useFactory: (configService: ConfigService<AllConfig, true>) => {
            const config = configService.get('database', { infer: true });
            return {
              ...primaryOptions(config, options.appName),
              config,
              // main.ts has already checked the server answers (checkPrimaryReachable) and says
              // what is wrong in words; a failure here is not retried or logged with a driver dump.
              toRetry: () => false,
            };
          },
          dataSourceFactory: async (dataSourceOptions) => {
            const { config, ...rest } =
              dataSourceOptions as DataSourceOptions & {
                config: DatabaseConfig;
              };
            return createPrimary(rest, config, options.migrate);
          },
        }),
      ],
      providers: [readRouterProvider(options.appName)],
      exports: [ReadRouter],
    };
  }
}
