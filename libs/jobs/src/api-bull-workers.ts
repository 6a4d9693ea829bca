import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { type ConnectionOptions, type Queue, Worker } from 'bullmq';
import { jobsConfig, type JobsConfig } from './jobs.config.js';
import { LOW, QUEUE_NAMES } from './jobs.constants.js';
import { closeWorker, JobsProcessor } from './jobs.processor.js';
import { workerRedisOptions } from './redis-connection.js';
import { registerSchedule } from './worker-scheduler.js';

/**
 * JOBS_WORKER_IN_API=true with REDIS_URL (npm start sets it): the api also processes the three
 * queues, so one command runs everything. Same JobsProcessor, options, schedule and shutdown as
 * the worker process. The Workers are built here rather than through @Processor classes because
 * the api chooses between Redis and in-process at start-up, while @nestjs/bullmq's registration
 * is fixed when the module is declared.
 */
@Injectable()
export class ApiBullWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly workers: Worker[] = [];

  constructor(
    private readonly processor: JobsProcessor,
    @Inject(jobsConfig.KEY) private readonly config: JobsConfig,
    @Optional() @Inject(getQueueToken(LOW)) private readonly low: Queue | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { redisUrl, workerInApi } = this.config;
    if (!redisUrl || !workerInApi || !this.low) return;
    for (const queue of QUEUE_NAMES) {
      const worker = new Worker(queue, (job) => this.processor.process(job), {
        connection: workerRedisOptions(redisUrl, this.config.redisTlsRejectUnauthorized) as ConnectionOptions,
        prefix: this.config.prefix,
        concurrency: this.config.concurrency[queue],
        lockDuration: this.config.lockDurationMs,
        stalledInterval: this.config.stalledIntervalMs,
        maxStalledCount: this.config.maxStalledCount,
      });
      worker.on('error', (error) => this.logger.warn(`worker "${queue}": ${error.message}`));
      worker.on('failed', (job, error) => {
        if (job) this.logger.warn(`job ${job.id} (${job.name}) on "${queue}" failed attempt ${job.attemptsMade}: ${error.message}`);
      });
      this.workers.push(worker);
    }
    this.logger.log(
      `JOBS_WORKER_IN_API: the api processes the queues too (concurrency critical ${this.config.concurrency.critical}, ` +
        `default ${this.config.concurrency.default}, low ${this.config.concurrency.low})`,
    );
    await registerSchedule(this.low, this.config.schedule, this.logger);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => closeWorker(worker, worker.name, this.config.shutdownGraceMs, this.logger)));
  }
}
