import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { getDataSourceToken } from '@nestjs/typeorm';
import { PRIMARY } from '@app/database';
import { type ConnectionOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { AggregationService } from './aggregation.service.js';
import { ApiBullWorkers } from './api-bull-workers.js';
import { BullJobQueue } from './bull-job-queue.js';
import { DatabaseJobQueue } from './database-job-queue.js';
import { InProcessRunner } from './in-process-runner.js';
import { defaultJobOptions } from './job-options.js';
import { JobQueue } from './job-queue.js';
import { jobsConfig, type JobsConfig } from './jobs.config.js';
import { QUEUE_NAMES, type QueueName } from './jobs.constants.js';
import { jobDurationHistogramProvider, queueJobsGaugeProvider } from './jobs.metrics.js';
import { JobsProcessor, QUEUE_PROCESSORS, QueueProcessor } from './jobs.processor.js';
import { describeRedisUrl, producerRedisOptions, workerRedisOptions } from './redis-connection.js';
import { WorkerScheduler } from './worker-scheduler.js';

const logger = new Logger('Jobs');
const REDIS_PRODUCERS = Symbol('redis-producers');
const WORKER_OPTIONS = Symbol('worker-options');

/**
 * The api's queues on one ioredis connection that fails fast while Redis is down
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
      logger.warn(`redis unreachable (${error.message}): job endpoints answer 503 until it returns`);
    });
    client.on('ready', () => {
      if (this.down) logger.log('redis reachable again');
      this.down = false;
    });
    const options = { connection: client, prefix: config.prefix, defaultJobOptions: defaultJobOptions(config) };
    this.queues = {
      critical: new Queue('critical', options),
      default: new Queue('default', options),
      low: new Queue('low', options),
    };
    for (const queue of Object.values(this.queues)) queue.on('error', () => undefined); // logged by the client listener
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(Object.values(this.queues).map((queue) => queue.close()));
    this.client.disconnect();
  }
}

function queueRecord(queues: Queue[]): Record<QueueName, Queue> {
  return { critical: queues[0], default: queues[1], low: queues[2] };
}

/**
 * The jobs feature: queue names, payloads, the processor and the aggregation service are shared;
 * `forApi()` produces (and, without REDIS_URL, also runs jobs in-process), `forWorker()` processes.
 */
@Module({})
export class JobsModule {
  static forApi(): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      imports: [ConfigModule.forFeature(jobsConfig)],
      providers: [
        {
          provide: REDIS_PRODUCERS,
          inject: [jobsConfig.KEY],
          useFactory: (config: JobsConfig) => {
            if (!config.redisUrl) return null;
            logger.log(`jobs: BullMQ on ${describeRedisUrl(config.redisUrl)} (prefix "${config.prefix}")`);
            return new RedisProducers(new Redis(producerRedisOptions(config.redisUrl, config.redisTlsRejectUnauthorized)), config);
          },
        },
        ...QUEUE_NAMES.map((name) => ({
          provide: getQueueToken(name),
          inject: [REDIS_PRODUCERS],
          useFactory: (producers: RedisProducers | null) => producers?.queues[name] ?? null,
        })),
        {
          provide: JobQueue,
          inject: [jobsConfig.KEY, getDataSourceToken(PRIMARY), REDIS_PRODUCERS],
          useFactory: (config: JobsConfig, primary: DataSource, producers: RedisProducers | null) =>
            producers ? new BullJobQueue(producers.queues, config.prefix) : new DatabaseJobQueue(primary, config),
        },
        AggregationService,
        JobsProcessor,
        InProcessRunner,
        ApiBullWorkers,
        queueJobsGaugeProvider,
        jobDurationHistogramProvider,
      ],
      exports: [JobQueue, AggregationService],
    };
  }

  static forWorker(): DynamicModule {
    const queueTokens = QUEUE_NAMES.map((name) => getQueueToken(name));
    return {
      module: JobsModule,
      global: true,
      imports: [
        ConfigModule.forFeature(jobsConfig),
        BullModule.forRootAsync({
          imports: [ConfigModule.forFeature(jobsConfig)],
          inject: [jobsConfig.KEY],
          useFactory: (config: JobsConfig) => {
            if (!config.redisUrl) {
              throw new Error('REDIS_URL is not set: the worker needs Redis (without it the api runs jobs in-process)');
            }
            logger.log(`jobs: BullMQ on ${describeRedisUrl(config.redisUrl)} (prefix "${config.prefix}")`);
            return {
              connection: workerRedisOptions(config.redisUrl, config.redisTlsRejectUnauthorized) as ConnectionOptions,
              prefix: config.prefix,
              defaultJobOptions: defaultJobOptions(config),
            };
          },
        }),
        BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
      ],
      providers: [
        {
          // Before @nestjs/bullmq creates the Workers (onModuleInit): their configured options.
          provide: WORKER_OPTIONS,
          inject: [jobsConfig.KEY],
          useFactory: (config: JobsConfig) => {
            for (const queue of QUEUE_NAMES) QueueProcessor.configure(QUEUE_PROCESSORS[queue], queue, config);
            return config.concurrency;
          },
        },
        {
          provide: JobQueue,
          inject: [jobsConfig.KEY, ...queueTokens],
          useFactory: (config: JobsConfig, ...queues: Queue[]) => {
            for (const queue of queues) queue.on('error', () => undefined); // the workers log Redis errors
            return new BullJobQueue(queueRecord(queues), config.prefix);
          },
        },
        AggregationService,
        ...Object.values(QUEUE_PROCESSORS),
        WorkerScheduler,
        queueJobsGaugeProvider,
        jobDurationHistogramProvider,
      ],
      exports: [JobQueue, AggregationService],
    };
  }
}
