import type {
  AggregatePayload,
  JobState,
  JobView,
  QueueName,
} from './jobs.constants.js';
import type { RunnableJob } from './jobs.processor.js';
import { tracing } from '@app/common';

export type QueueCounts = Record<QueueName, Record<JobState, number>>;

/** Runs one job (the processor's process()). */
export type JobHandler = (job: RunnableJob) => Promise<unknown>;

/**
 * Where jobs go: BullMQ on Redis (REDIS_URL) or, without it, pg-boss on the primary, run
 * in-process by the api. The API and the scheduled fan-out only talk to this; JobWorkers starts
 * and stops the workers through it.
 */
export abstract class JobQueue {
  abstract readonly mode: 'redis' | 'in-process';

  /**
   * Runs `handler` for the jobs of every queue, at each queue's configured concurrency, with the
   * configured retries and stalled-job recovery. Called once per process that runs jobs.
   */
  abstract startWorkers(handler: JobHandler): Promise<void>;

  /**
   * Stops taking jobs and waits for the running ones, at most `graceMs`; what still runs then is
   * recovered later (stalled on BullMQ; failed and retried on pg-boss).
   */
  abstract stopWorkers(graceMs: number): Promise<void>;

  /** Registers the aggregate-all schedule on `low` (cron, UTC) once however many processes do, or removes it (null). */
  abstract registerSchedule(pattern: string | null): Promise<void>;

  /**
   * Enqueues one aggregation. While one for the same (organization, day) is waiting or running,
   * that one is returned instead of a second being added.
   */
  abstract addAggregate(
    queue: QueueName,
    payload: AggregatePayload,
  ): Promise<JobView>;

  /** The organization's job, or undefined when absent or another organization's. */
  abstract get(
    organizationId: number,
    jobId: string,
  ): Promise<JobView | undefined>;

  /** The organization's most recent jobs, newest first. */
  abstract list(organizationId: number, limit: number): Promise<JobView[]>;

  /** Jobs per queue and state (metrics). */
  abstract counts(): Promise<QueueCounts>;

  /** Resolves when the backend answers; rejects (JobsUnavailableError) otherwise. */
  abstract ping(): Promise<void>;
}

export function emptyCounts(): QueueCounts {
  const zero = (): Record<JobState, number> => ({
    waiting: 0,
    delayed: 0,
    active: 0,
    completed: 0,
    failed: 0,
  });
  return { critical: zero(), default: zero(), low: zero() };
}

/**
 * The payload as a backend stores it: with the trace context it is enqueued in (the request's),
 * when tracing is on, so that the span of the job links to that request.
 */
export function withTraceContext(payload: AggregatePayload): AggregatePayload {
  const carrier = tracing().carrier();
  return carrier ? { ...payload, trace_context: carrier } : payload;
}
