import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { type Job, UnrecoverableError, type Worker } from 'bullmq';
import type { Histogram } from 'prom-client';
import { AggregationService } from './aggregation.service.js';
import { JobQueue } from './job-queue.js';
import { jobsConfig, type JobsConfig } from './jobs.config.js';
import {
  AGGREGATE,
  AGGREGATE_ALL,
  CRITICAL,
  DEFAULT,
  JOB_NAMES,
  type JobName,
  type JobPayloads,
  type JobResults,
  LOW,
  type QueueName,
  todayUtc,
} from './jobs.constants.js';
import { UnknownJobError } from './jobs.errors.js';
import { JOB_DURATION } from './jobs.metrics.js';

/** What a handler needs of a job: a BullMQ Job has it, and so does a job_runs row run in-process. */
export interface RunnableJob<T = unknown> {
  id?: string;
  name: string;
  queueName: string;
  data: T;
  /** Attempts made before this one. */
  attemptsMade: number;
  updateProgress(progress: number): Promise<void>;
}

type Handlers = { [N in JobName]: (job: RunnableJob<JobPayloads[N]>) => Promise<JobResults[N]> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fails start-up when a job name has no handler (a name added to JOB_NAMES without one). */
export function assertEveryJobHandled(handlers: Partial<Record<string, unknown>>, names: readonly string[] = JOB_NAMES): void {
  const missing = names.filter((name) => typeof handlers[name] !== 'function');
  if (missing.length > 0) throw new UnknownJobError(missing.join(', '));
}

/**
 * Every job's code, one handler per job name. The worker runs it through BullMQ (one subclass per
 * queue, below); without Redis the api runs the same class in-process (InProcessRunner).
 */
@Injectable()
export class JobsProcessor extends WorkerHost implements OnModuleInit {
  protected readonly logger = new Logger('Jobs');
  private readonly handlers: Handlers = {
    [AGGREGATE]: (job) => this.aggregate(job),
    [AGGREGATE_ALL]: (job) => this.aggregateAll(job),
  };

  constructor(
    private readonly aggregation: AggregationService,
    private readonly jobs: JobQueue,
    @Inject(jobsConfig.KEY) protected readonly config: JobsConfig,
    @InjectMetric(JOB_DURATION) private readonly duration: Histogram<'queue' | 'name'>,
  ) {
    super();
  }

  onModuleInit(): void {
    assertEveryJobHandled(this.handlers);
  }

  async process(job: RunnableJob): Promise<unknown> {
    const handler = (this.handlers as Partial<Record<string, (job: RunnableJob) => Promise<unknown>>>)[job.name];
    // An unknown name cannot succeed on a retry: fail it at once.
    if (!handler) throw new UnrecoverableError(new UnknownJobError(job.name).message);
    const stop = this.duration.startTimer({ queue: job.queueName, name: job.name });
    try {
      return await handler(job);
    } finally {
      stop();
    }
  }

  private async aggregate(job: RunnableJob<JobPayloads[typeof AGGREGATE]>): Promise<JobResults[typeof AGGREGATE]> {
    const { organization_id: organizationId, date } = job.data;
    if (this.config.testKnobs) await this.applyTestKnobs(job);
    await job.updateProgress(10);
    const result = await this.aggregation.aggregate(organizationId, date);
    await job.updateProgress(100);
    return result;
  }

  private async aggregateAll(job: RunnableJob<JobPayloads[typeof AGGREGATE_ALL]>): Promise<JobResults[typeof AGGREGATE_ALL]> {
    const date = job.data.date ?? todayUtc();
    const ids = await this.aggregation.organizationIds();
    for (const [index, organizationId] of ids.entries()) {
      await this.jobs.addAggregate(LOW, { organization_id: organizationId, date });
      if (index % 100 === 99) await job.updateProgress(Math.floor(((index + 1) * 100) / ids.length));
    }
    await job.updateProgress(100);
    this.logger.log(`aggregate-all ${date}: ${ids.length} organization job(s) on "${LOW}"`);
    return { organizations: ids.length };
  }

  /** NODE_ENV=test only: a slow job (to kill a worker mid-run) or one that fails its first attempts. */
  private async applyTestKnobs(job: RunnableJob<JobPayloads[typeof AGGREGATE]>): Promise<void> {
    const { test_delay_ms: delayMs, test_fail_attempts: failAttempts } = job.data;
    if (failAttempts && job.attemptsMade < failAttempts) throw new Error(`test failure on attempt ${job.attemptsMade + 1}`);
    if (delayMs) {
      await job.updateProgress(5);
      await sleep(delayMs);
    }
  }
}

/**
 * The BullMQ worker of one queue (worker process). Its options come from the configuration at
 * start-up: @Processor's own options are static, so they are re-applied (same public decorator)
 * before @nestjs/bullmq creates the Worker in onModuleInit. Graceful shutdown: on SIGTERM the
 * worker stops taking jobs and waits for the running ones (up to JOBS_SHUTDOWN_GRACE_MS; any
 * still running then are left to stalled-job recovery by another worker), before the database
 * pools close.
 */
export abstract class QueueProcessor extends JobsProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract readonly queue: QueueName;

  static configure(target: abstract new (...args: never[]) => QueueProcessor, queue: QueueName, config: JobsConfig): void {
    Processor(queue, {
      concurrency: config.concurrency[queue],
      lockDuration: config.lockDurationMs,
      stalledInterval: config.stalledIntervalMs,
      maxStalledCount: config.maxStalledCount,
    })(target);
  }

  onApplicationBootstrap(): void {
    this.logger.log(`worker "${this.queue}": concurrency ${this.worker.concurrency}`);
  }

  /** Redis errors: logged, never thrown (an unhandled 'error' event would kill the process). */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logger.warn(`worker "${this.queue}": ${error.message}`);
  }

  @OnWorkerEvent('failed')
  onJobFailed(job: Job | undefined, error: Error): void {
    if (job) this.logger.warn(`job ${job.id} (${job.name}) on "${this.queue}" failed attempt ${job.attemptsMade}: ${error.message}`);
  }

  beforeApplicationShutdown(): Promise<void> {
    return closeWorker(this.worker, this.queue, this.config.shutdownGraceMs, this.logger);
  }
}

/**
 * Stops taking jobs and waits for the running ones; after `graceMs` the rest are left active,
 * and stalled-job recovery hands them to another worker once their lock expires. (BullMQ's
 * close(true) after a pending close() would still wait: pause() does the waiting instead, so the
 * one close() call can be forced.)
 */
export async function closeWorker(worker: Worker, queue: string, graceMs: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  const finished = await Promise.race([worker.pause().then(() => true), grace]);
  clearTimeout(timer);
  if (!finished) logger.warn(`worker "${queue}": jobs still running after ${graceMs} ms, leaving them to stalled-job recovery`);
  await worker.close(!finished);
}

@Processor(CRITICAL)
export class CriticalQueueProcessor extends QueueProcessor {
  protected readonly queue = CRITICAL;
}

@Processor(DEFAULT)
export class DefaultQueueProcessor extends QueueProcessor {
  protected readonly queue = DEFAULT;
}

@Processor(LOW)
export class LowQueueProcessor extends QueueProcessor {
  protected readonly queue = LOW;
}

export const QUEUE_PROCESSORS = { [CRITICAL]: CriticalQueueProcessor, [DEFAULT]: DefaultQueueProcessor, [LOW]: LowQueueProcessor } as const;
