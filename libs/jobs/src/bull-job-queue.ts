import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { type ConnectionOptions, type Job, type Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  type JobHandler,
  JobQueue,
  type QueueCounts,
  emptyCounts,
  withTraceContext,
} from './job-queue.js';
import type { JobsConfig } from '@app/config';
import {
  AGGREGATE,
  AGGREGATE_ALL,
  AGGREGATE_SCHEDULER_ID,
  type AggregatePayload,
  type AggregateResult,
  aggregateDedupKey,
  type JobState,
  type JobView,
  LOW,
  QUEUE_NAMES,
  type QueueName,
} from './jobs.constants.js';
import { JobsUnavailableError } from '@app/common';
import { workerRedisOptions } from '@app/config';

/** Longest a job endpoint waits on Redis before answering 503. */
const REDIS_TIMEOUT_MS = 2_000;
/** Per organization, the most recent jobs are indexed (a sorted set) so that listing them is cheap. */
const ORG_INDEX_SIZE = 500;
const ORG_INDEX_TTL_SECONDS = 30 * 24 * 3600;
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function newAggregateJobId(
  organizationId: number,
  date: string,
): string {
  return `agg-${organizationId}-${date}-${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/** BullMQ's states onto the five of the contract. */
export function contractState(state: string): JobState {
  switch (state) {
    case 'active':
    case 'completed':
    case 'failed':
    case 'delayed':
      return state;
    default:
      return 'waiting'; // waiting, prioritized, waiting-children
  }
}

export function viewOfBullJob(
  job: Job<AggregatePayload, AggregateResult | undefined>,
  queue: QueueName,
  state: string,
): JobView {
  const contract = contractState(state);
  return {
    job_id: String(job.id),
    queue,
    name: job.name,
    state: contract,
    progress:
      typeof job.progress === 'number'
        ? Math.max(0, Math.min(100, Math.round(job.progress)))
        : 0,
    // BullMQ reads both as numbers, 0 when absent (Job.fromJSON).
    attempts: Math.max(job.attemptsStarted, job.attemptsMade),
    data: { date: job.data.date },
    result: contract === 'completed' ? (job.returnvalue ?? null) : null,
    // A job that succeeded on a retry keeps BullMQ's last failedReason: not a failure any more.
    failed_reason:
      contract !== 'completed' && job.failedReason ? job.failedReason : null,
    created_at: new Date(job.timestamp).toISOString(),
    finished_at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

/**
 * Jobs on Redis through BullMQ. Every producer call is bounded in time: Redis down means
 * JobsUnavailableError, never a hang.
 */
export class BullJobQueue extends JobQueue {
  readonly mode = 'redis' as const;
  private readonly logger = new Logger('Jobs');
  private readonly workers: Worker[] = [];

  constructor(
    private readonly queues: Record<QueueName, Queue>,
    private readonly config: Pick<
      JobsConfig,
      | 'redisUrl'
      | 'redisTlsRejectUnauthorized'
      | 'prefix'
      | 'concurrency'
      | 'lockDurationMs'
      | 'stalledIntervalMs'
      | 'maxStalledCount'
    >,
    /** Closes the producers' queues and their connection. */
    private readonly close: () => Promise<void> = () => Promise.resolve(),
  ) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /**
   * One BullMQ Worker per queue, each on its own blocking connection, with the configured
   * concurrency (reserved slots per queue), lock and stalled-job check.
   */
  // eslint-disable-next-line @typescript-eslint/require-await -- JobQueue's contract is async: a configuration error here is a rejection, not a synchronous throw
  async startWorkers(handler: JobHandler): Promise<void> {
    const redisUrl = this.config.redisUrl;
    if (!redisUrl)
      throw new Error('jobs: REDIS_URL is required to start workers');
    for (const queue of QUEUE_NAMES) {
      const worker = new Worker(queue, (job) => handler(job), {
        connection: workerRedisOptions(
          redisUrl,
          this.config.redisTlsRejectUnauthorized,
        ) as ConnectionOptions,
        prefix: this.config.prefix,
        concurrency: this.config.concurrency[queue],
        lockDuration: this.config.lockDurationMs,
        stalledInterval: this.config.stalledIntervalMs,
        maxStalledCount: this.config.maxStalledCount,
      });
      // Redis errors: logged, never thrown (an unhandled 'error' event would kill the process).
      worker.on('error', (error) => {
        this.logger.warn(`worker "${queue}": ${error.message}`);
      });
      worker.on('failed', (job, error) => {
        if (job)
          this.logger.warn(
            `job ${job.id} (${job.name}) on "${queue}" failed attempt ${job.attemptsMade}: ${error.message}`,
          );
      });
      this.workers.push(worker);
    }
  }

  /**
   * Stops taking jobs and waits for the running ones; after `graceMs` the rest are left active,
   * and stalled-job recovery hands them to another worker once their lock expires. (BullMQ's
   * close(true) after a pending close() would still wait: pause() does the waiting instead, so the
   * one close() call can be forced.)
   */
  async stopWorkers(graceMs: number): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(
      workers.map(async (worker) => {
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<boolean>((resolve) => {
          timer = setTimeout(() => {
            resolve(false);
          }, graceMs);
        });
        const finished = await Promise.race([
          worker.pause().then(() => true),
          grace,
        ]);
        clearTimeout(timer);
        if (!finished)
          this.logger.warn(
            `worker "${worker.name}": jobs still running after ${graceMs} ms, leaving them to stalled-job recovery`,
          );
        await worker.close(!finished);
      }),
    );
  }

  /**
   * A BullMQ job scheduler on `low`, upserted by every process that runs jobs (idempotent: one
   * schedule however many run). A failure is logged, never fatal: the next start registers it.
   */
  async registerSchedule(pattern: string | null): Promise<void> {
    const low = this.queues[LOW];
    if (pattern) {
      await low.upsertJobScheduler(
        AGGREGATE_SCHEDULER_ID,
        { pattern, tz: 'UTC' },
        { name: AGGREGATE_ALL, data: {} },
      );
    } else {
      await low.removeJobScheduler(AGGREGATE_SCHEDULER_ID);
    }
  }

  async addAggregate(
    queueName: QueueName,
    payload: AggregatePayload,
  ): Promise<JobView> {
    return this.guarded(async () => {
      const queue = this.queues[queueName];
      const jobId = newAggregateJobId(payload.organization_id, payload.date);
      // The queues are untyped (several job kinds share them): this one carries an aggregate.
      const job = (await queue.add(AGGREGATE, withTraceContext(payload), {
        jobId,
        deduplication: {
          id: aggregateDedupKey(payload.organization_id, payload.date),
        },
      })) as Job<AggregatePayload, AggregateResult | undefined>;
      if (job.id === jobId) {
        const key = this.orgIndexKey(payload.organization_id);
        const client = await redisOf(queue);
        await client
          .multi()
          .zadd(key, Date.now(), `${queueName}/${jobId}`)
          .zremrangebyrank(key, 0, -(ORG_INDEX_SIZE + 1))
          .expire(key, ORG_INDEX_TTL_SECONDS)
          .exec();
        return viewOfBullJob(job, queueName, 'waiting');
      }
      // A duplicate: BullMQ answered with the job already waiting or running for this (organization, day).
      return (
        (await this.find(payload.organization_id, queueName, String(job.id))) ??
        viewOfBullJob(job, queueName, 'waiting')
      );
    });
  }

  async get(
    organizationId: number,
    jobId: string,
  ): Promise<JobView | undefined> {
    if (!JOB_ID_PATTERN.test(jobId)) return undefined;
    return this.guarded(async () => {
      const found = await Promise.all(
        QUEUE_NAMES.map((queue) => this.find(organizationId, queue, jobId)),
      );
      return found.find((view) => view !== undefined);
    });
  }

  async list(organizationId: number, limit: number): Promise<JobView[]> {
    return this.guarded(async () => {
      const client = await redisOf(this.queues.critical);
      const members = await client.zrevrange(
        this.orgIndexKey(organizationId),
        0,
        limit * 2 - 1,
      );
      const views = await Promise.all(
        members.map((member: string) => {
          const [queue, jobId] = member.split('/') as [QueueName, string];
          return QUEUE_NAMES.includes(queue)
            ? this.find(organizationId, queue, jobId)
            : Promise.resolve(undefined);
        }),
      );
      return views
        .filter((view): view is JobView => view !== undefined)
        .slice(0, limit);
    });
  }

  async counts(): Promise<QueueCounts> {
    return this.guarded(async () => {
      const counts = emptyCounts();
      await Promise.all(
        QUEUE_NAMES.map(async (name) => {
          // BullMQ answers every requested type, 0 when there are none.
          const raw = await this.queues[name].getJobCounts(
            'waiting',
            'prioritized',
            'waiting-children',
            'delayed',
            'active',
            'completed',
            'failed',
          );
          counts[name] = {
            waiting: raw.waiting + raw.prioritized + raw['waiting-children'],
            delayed: raw.delayed,
            active: raw.active,
            completed: raw.completed,
            failed: raw.failed,
          };
        }),
      );
      return counts;
    });
  }

  async ping(): Promise<void> {
    await this.guarded(async () => {
      await (await redisOf(this.queues.critical)).ping();
    });
  }

  private async find(
    organizationId: number,
    queue: QueueName,
    jobId: string,
  ): Promise<JobView | undefined> {
    // State first, then the job's fields: BullMQ completes a job (state, result, finish time) in
    // one script, so fields read after a "completed" state always carry the result. Read the other
    // way round, a job completing in between showed as completed with no result.
    const state = await this.queues[queue].getJobState(jobId);
    if (state === 'unknown') return undefined;
    const job = (await this.queues[queue].getJob(jobId)) as
      Job<AggregatePayload, AggregateResult | undefined> | undefined;
    // BullMQ parses a missing data field as {} (Job.fromJSON), so data is always an object.
    if (job?.name !== AGGREGATE || job.data.organization_id !== organizationId)
      return undefined;
    return viewOfBullJob(job, queue, state);
  }

  private orgIndexKey(organizationId: number): string {
    return `${this.config.prefix}:org-jobs:${organizationId}`;
  }

  /**
   * At once while the connection is known to be down, and within REDIS_TIMEOUT_MS in all (getting
   * the connection included) when Redis stops answering: JobsUnavailableError, never a hang.
   */
  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    let client: Redis | undefined;
    const attempt = async () => {
      client = await redisOf(this.queues.critical);
      if (client.status !== 'ready') throw new JobsUnavailableError();
      return work();
    };
    try {
      return await withTimeout(attempt(), REDIS_TIMEOUT_MS);
    } catch (error) {
      const unavailable =
        error instanceof JobsUnavailableError ||
        error instanceof TimeoutError ||
        client?.status !== 'ready' ||
        isRedisConnectionError(error);
      if (unavailable) throw new JobsUnavailableError();
      throw error;
    }
  }
}

class TimeoutError extends Error {}

/** The queue's Redis connection (BullMQ 6 keeps it on its backend). */
function redisOf(queue: Queue): Promise<Redis> {
  return queue.getBackend().client as unknown as Promise<Redis>;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new TimeoutError(`no answer within ${ms} ms`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

function isRedisConnectionError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Connection is closed|Stream isn't writeable|max retries per request|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE/i.test(
    message,
  );
}
