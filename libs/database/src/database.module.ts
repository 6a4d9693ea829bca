import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AllConfig, type DatabaseConfig, describeUrl } from '@app/config';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AnalyticsReader } from './analytics-reader.js';
import { ANALYTICS, PRIMARY } from './database.constants.js';
import {
  followerOptions,
  primaryOptions,
  requirePrimary,
} from './database-options.js';
import { runMigrationsWithLock } from './migrate.js';
import { seedDemoData } from './seed.js';

const logger = new Logger('Database');

/**
 * The analytics options carry the primary DataSource: returned as is when there is no separate
 * follower pool, or when the follower cannot be reached at start-up.
 */
const PRIMARY_INSTANCE = Symbol('primary-data-source');
type AnalyticsOptions = DataSourceOptions & {
  [PRIMARY_INSTANCE]: DataSource;
  ownPool: boolean;
};

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

async function createAnalytics(options: AnalyticsOptions): Promise<DataSource> {
  const { [PRIMARY_INSTANCE]: primary, ownPool, ...follower } = options;
  if (!ownPool) return primary;
  const where = describeUrl((follower as { url: string }).url);
  try {
    const dataSource = await new DataSource(follower).initialize();
    logger.log(`analytics: follower ${where}`);
    return dataSource;
  } catch (error) {
    logger.warn(
      `analytics: follower ${where} unreachable at start-up (${(error as Error).message}); using primary`,
    );
    return primary;
  }
}

function analyticsOptions(
  config: DatabaseConfig,
  primary: DataSource,
  appName: string,
): AnalyticsOptions {
  if (config.routing === 'explicit' && config.analyticsUrls.length > 0) {
    if (config.analyticsUrls.length > 1) {
      logger.warn(
        'analytics: several ANALYTICS_DB_URL entries need DB_ROUTING=replication; using the first',
      );
    }
    return {
      ...followerOptions(config, config.analyticsUrls[0], appName),
      [PRIMARY_INSTANCE]: primary,
      ownPool: true,
    };
  }
  logger.log(
    config.analyticsUrls.length > 0
      ? `analytics: replication mode, ${config.analyticsUrls.length} follower(s) behind the primary DataSource`
      : 'analytics: using primary',
  );
  return {
    ...primary.options,
    [PRIMARY_INSTANCE]: primary,
    ownPool: false,
  };
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
        TypeOrmModule.forRootAsync({
          name: ANALYTICS,
          inject: [ConfigService, getDataSourceToken(PRIMARY)],
          useFactory: (
            config: ConfigService<AllConfig, true>,
            primary: DataSource,
          ) =>
            analyticsOptions(
              config.get('database', { infer: true }),
              primary,
              options.appName,
            ),
          dataSourceFactory: async (dataSourceOptions) =>
            createAnalytics(dataSourceOptions as AnalyticsOptions),
        }),
      ],
      providers: [AnalyticsReader],
      exports: [AnalyticsReader],
    };
  }
}
