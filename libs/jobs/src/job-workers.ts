import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AllConfig, JobsConfig } from '@app/config';
import { JobQueue } from './job-queue.js';
import { AGGREGATE_ALL, LOW } from './jobs.constants.js';
import { JobsProcessor } from './jobs.processor.js';

/** Whether this process runs jobs: 'worker' always; 'api' without Redis, or with JOBS_WORKER_IN_API=true. */
export const JOB_WORKERS_ROLE = Symbol('job-workers-role');
export type JobWorkersRole = 'api' | 'worker';

/**
 * The one way the processor is registered, in every process that runs jobs (the worker process;
 * the api without REDIS_URL; the api with JOBS_WORKER_IN_API=true): workers for the three queues
 * on the configured backend, the schedule, and the graceful stop on SIGTERM (before the database
 * pools close).
 */
@Injectable()
export class JobWorkers
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('Jobs');
  private running = false;
  private readonly config: JobsConfig;

  constructor(
    private readonly jobs: JobQueue,
    private readonly processor: JobsProcessor,
    config: ConfigService<AllConfig, true>,
    @Inject(JOB_WORKERS_ROLE) private readonly role: JobWorkersRole,
  ) {
    this.config = config.get('jobs', { infer: true });
  }

  get runsJobs(): boolean {
    return (
      this.role === 'worker' ||
      this.jobs.mode === 'in-process' ||
      this.config.workerInApi
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runsJobs) return;
    await this.jobs.startWorkers((job) => this.processor.process(job));
    this.running = true;
    const { critical, default: normal, low } = this.config.concurrency;
    const where =
      this.jobs.mode === 'in-process'
        ? `REDIS_URL is not set: jobs run inside the api process on pg-boss (schema "${this.config.pgSchema}" on the primary)`
        : this.role === 'worker'
          ? 'worker: processing the queues'
          : 'JOBS_WORKER_IN_API: the api processes the queues too';
    this.logger.log(
      `${where} (concurrency critical ${critical}, default ${normal}, low ${low})`,
    );
    try {
      await this.jobs.registerSchedule(this.config.schedule);
      this.logger.log(
        this.config.schedule
          ? `schedule: ${AGGREGATE_ALL} on "${LOW}" at "${this.config.schedule}" (UTC)`
          : 'schedule: off (AGGREGATE_SCHEDULE=off)',
      );
    } catch (error) {
      this.logger.warn(
        `schedule: could not be registered (${(error as Error).message}); it will be at the next start`,
      );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.jobs.stopWorkers(this.config.shutdownGraceMs);
  }
}
