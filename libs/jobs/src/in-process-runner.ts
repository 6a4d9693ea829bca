import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CronExpressionParser } from 'cron-parser';
import { UnrecoverableError } from 'bullmq';
import { DatabaseJobQueue, type JobRunRow } from './database-job-queue.js';
import { JobQueue } from './job-queue.js';
import { jobsConfig, type JobsConfig } from './jobs.config.js';
import { AGGREGATE_ALL, LOW, QUEUE_NAMES, type QueueName } from './jobs.constants.js';
import { JobsProcessor, type RunnableJob } from './jobs.processor.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The worker inside the api when no REDIS_URL is set: runs job_runs rows with the same
 * JobsProcessor as the worker process, with the same per-queue concurrency, retries, stalled-job
 * recovery (an expired lease) and schedule. Inert when jobs go to Redis.
 */
@Injectable()
export class InProcessRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly running: Record<QueueName, Set<Promise<void>>> = { critical: new Set(), default: new Set(), low: new Set() };
  private readonly pumping = new Set<QueueName>();
  private readonly pumpAgain = new Set<QueueName>();
  private poller: NodeJS.Timeout | undefined;
  private scheduleTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private tableUnreachable = false;
  private lastCleanup = 0;

  constructor(
    private readonly jobs: JobQueue,
    private readonly processor: JobsProcessor,
    @Inject(jobsConfig.KEY) private readonly config: JobsConfig,
  ) {}

  private get table(): DatabaseJobQueue | undefined {
    return this.jobs instanceof DatabaseJobQueue ? this.jobs : undefined;
  }

  onApplicationBootstrap(): void {
    const table = this.table;
    if (!table) return;
    this.logger.log(
      'REDIS_URL is not set: jobs run inside the api process, their state in the job_runs table ' +
        `(concurrency critical ${this.config.concurrency.critical}, default ${this.config.concurrency.default}, low ${this.config.concurrency.low})`,
    );
    table.onEnqueued((queue) => void this.pump(queue));
    this.poller = setInterval(() => {
      QUEUE_NAMES.forEach((queue) => void this.pump(queue));
      void this.cleanUp();
    }, this.config.pollIntervalMs);
    this.poller.unref();
    QUEUE_NAMES.forEach((queue) => void this.pump(queue));
    this.scheduleNext();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.table) return;
    this.stopping = true;
    clearInterval(this.poller);
    clearTimeout(this.scheduleTimer);
    const inFlight = QUEUE_NAMES.flatMap((queue) => [...this.running[queue]]);
    if (inFlight.length === 0) return;
    this.logger.log(`waiting for ${inFlight.length} running job(s)`);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.config.shutdownGraceMs);
    });
    await Promise.race([Promise.allSettled(inFlight), grace]);
    clearTimeout(timer);
  }

  /** Hourly: drops finished jobs past their retention. */
  private async cleanUp(): Promise<void> {
    if (Date.now() - this.lastCleanup < 3_600_000) return;
    this.lastCleanup = Date.now();
    const removed = await this.table!.removeOld().catch(() => 0);
    if (removed > 0) this.logger.log(`jobs: removed ${removed} finished job(s) past retention`);
  }

  /** Starts jobs of `queue` until its concurrency is reached or none is runnable. */
  private async pump(queue: QueueName): Promise<void> {
    if (this.stopping) return;
    if (this.pumping.has(queue)) {
      this.pumpAgain.add(queue);
      return;
    }
    this.pumping.add(queue);
    try {
      do {
        this.pumpAgain.delete(queue);
        while (!this.stopping && this.running[queue].size < this.config.concurrency[queue]) {
          const row = await this.table!.claim(queue, this.config.lockDurationMs);
          if (!row) break;
          const run: Promise<void> = this.run(row).finally(() => {
            this.running[queue].delete(run);
            void this.pump(queue);
          });
          this.running[queue].add(run);
        }
      } while (this.pumpAgain.has(queue) && !this.stopping);
      if (this.tableUnreachable) this.logger.log('jobs: the job_runs table is reachable again');
      this.tableUnreachable = false;
    } catch (error) {
      // Logged once per outage, not at every poll.
      if (!this.tableUnreachable) this.logger.warn(`jobs: cannot reach the job_runs table (${(error as Error).message}); retrying at each poll`);
      this.tableUnreachable = true;
    } finally {
      this.pumping.delete(queue);
    }
  }

  private async run(row: JobRunRow): Promise<void> {
    const table = this.table!;
    if (row.attempts > row.max_attempts) {
      await table.fail(row, 'job stalled more often than its attempts allow', false).catch(() => undefined);
      return;
    }
    const lease = setInterval(() => void table.renewLease(row.job_id, this.config.lockDurationMs).catch(() => undefined), this.config.lockDurationMs / 2);
    lease.unref();
    const job: RunnableJob = {
      id: row.job_id,
      name: row.name,
      queueName: row.queue,
      data: row.data,
      attemptsMade: row.attempts - 1,
      updateProgress: (progress) => table.progress(row.job_id, progress),
    };
    try {
      const result = await this.processor.process(job);
      await table.complete(row.job_id, result);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const state = await table.fail(row, message, !(error instanceof UnrecoverableError)).catch(() => 'unknown');
      this.logger.warn(`job ${row.job_id} (${row.name}) on "${row.queue}" failed attempt ${row.attempts}: ${message} -> ${state}`);
    } finally {
      clearInterval(lease);
    }
  }

  /** AGGREGATE_SCHEDULE in-process: the same fan-out job the worker's BullMQ job scheduler runs. */
  private scheduleNext(): void {
    if (!this.config.schedule || this.stopping) return;
    const next = CronExpressionParser.parse(this.config.schedule, { tz: 'UTC' }).next().toDate().getTime();
    const wait = next - Date.now();
    this.scheduleTimer = setTimeout(() => {
      if (wait > MAX_TIMER_MS) return this.scheduleNext();
      void this.runScheduled().finally(() => this.scheduleNext());
    }, Math.min(Math.max(wait, 0), MAX_TIMER_MS));
    this.scheduleTimer.unref();
  }

  private async runScheduled(): Promise<void> {
    try {
      await this.processor.process({ name: AGGREGATE_ALL, queueName: LOW, data: {}, attemptsMade: 0, updateProgress: async () => undefined });
    } catch (error) {
      this.logger.warn(`scheduled ${AGGREGATE_ALL} failed: ${(error as Error).message}`);
    }
  }
}
