import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AllConfig, DatabaseConfig, JobsConfig } from '@app/config';
import { getDataSourceToken } from '@nestjs/typeorm';
import { connectionSettings } from '@app/config';
import { PRIMARY, requirePrimary, TenancyModule } from '@app/database';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import PgBoss from 'pg-boss';
import type { DataSource } from 'typeorm';
import { AggregationService } from './aggregation.service.js';
import { BullJobQueue } from './bull-job-queue.js';
import { defaultJobOptions } from './job-options.js';
import { JobQueue } from './job-queue.js';
import {
  JOB_WORKERS_ROLE,
  JobWorkers,
  type JobWorkersRole,
} from './job-workers.js';
import type { QueueName } from './jobs.constants.js';
import {
  jobDurationHistogramProvider,
  queueJobsGaugeProvider,
  redisUpGaugeProvider,
  rollupDriftGaugeProvider,
} from './jobs.metrics.js';
import { JobsProcessor } from './jobs.processor.js';
import {
  PgBossJobQueue,
  pgBossOptions,
  pgBossSettings,
} from './pg-boss-job-queue.js';
import { describeRedisUrl, producerRedisOptions } from '@app/config';

const logger = new Logger('Jobs');

/**
 * The producers' queues on one ioredis connection that fails fast while Redis is down
 * (enableOfflineQueue: false) and reconnects on its own; its errors are logged once per outage.
 */
class RedisProducers {
  readonly queues: Record<QueueName, Queue>;
  private down = false;

  constructor(
    readonly client: Redis,
    config: JobsConfig,
  ) {
    client.on('error', (error: Error) => {
      if (this.down) return;
      this.down = true;
      logger.warn(
        `redis unreachable (${error.message}): job endpoints answer 503 until it returns`,
      );
    });
    client.on('ready', () => {
      if (this.down) logger.log('redis reachable again');
      this.down = false;
    });
    const options = {
      connection: client,
      prefix: config.prefix,
      defaultJobOptions: defaultJobOptions(config),
    };
    this.queues = {
      critical: new Queue('critical', options),
      default: new Queue('default', options),
      low: new Queue('low', options),
    };
    for (const queue of Object.values(this.queues))
      queue.on('error', () => undefined); // logged by the client listener
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(
      Object.values(this.queues).map((queue) => queue.close()),
    );
    this.client.disconnect();
  }
}

/**
 * The backend: BullMQ when REDIS_URL is set, else pg-boss on the primary (installed or upgraded,
 * with its queues, before the app serves).
 */
async function createJobQueue(
  config: JobsConfig,
  database: DatabaseConfig,
  primary: DataSource,
): Promise<JobQueue> {
  if (config.redisUrl) {
    logger.log(
      `jobs: BullMQ on ${describeRedisUrl(config.redisUrl)} (prefix "${config.prefix}")`,
    );
    const producers = new RedisProducers(
      new Redis(
        producerRedisOptions(
          config.redisUrl,
          config.redisTlsRejectUnauthorized,
        ),
      ),
      config,
    );
    return new BullJobQueue(producers.queues, config, () =>
      producers.onApplicationShutdown(),
    );
  }
  const settings = pgBossSettings(config);
  const boss = new PgBoss(
    pgBossOptions(
      connectionSettings(requirePrimary(database).url, database.forceSsl),
      config.pgSchema,
      settings,
      database.connectTimeoutMs,
    ),
  );
  const queue = new PgBossJobQueue(boss, primary, config.pgSchema, settings);
  await queue.start();
  return queue;
}

function jobsModule(role: JobWorkersRole): DynamicModule {
  return {
    module: JobsModule,
    global: true,
    imports: [TenancyModule],
    providers: [
      { provide: JOB_WORKERS_ROLE, useValue: role },
      {
        provide: JobQueue,
        inject: [ConfigService, getDataSourceToken(PRIMARY)],
        useFactory: (
          configService: ConfigService<AllConfig, true>,
          primary: DataSource,
        ) => {
          const config = configService.get('jobs', { infer: true });
          const database = configService.get('database', { infer: true });
          if (role === 'worker' && !config.redisUrl) {
            throw new Error(
              'REDIS_URL is not set: the worker needs Redis (without it the api runs jobs in-process)',
            );
          }
          return createJobQueue(config, database, primary);
        },
      },
      AggregationService,
      JobsProcessor,
      JobWorkers,
      queueJobsGaugeProvider,
      jobDurationHistogramProvider,
      rollupDriftGaugeProvider,
      redisUpGaugeProvider,
    ],
    exports: [JobQueue, AggregationService],
  };
}

/**
 * The jobs feature: queue names, payloads, the processor and the aggregation service are shared.
 * `forApi()` produces and, without REDIS_URL or with JOBS_WORKER_IN_API=true, also runs jobs;
 * `forWorker()` (REDIS_URL required) runs them. Both register the one processor the same way (JobWorkers).
 */
@Module({})
export class JobsModule {
  static forApi(): DynamicModule {
    return jobsModule('api');
  }

  static forWorker(): DynamicModule {
    return jobsModule('worker');
  }
}
