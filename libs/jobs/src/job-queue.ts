import type { AggregatePayload, JobState, JobView, QueueName } from './jobs.constants.js';

export type QueueCounts = Record<QueueName, Record<JobState, number>>;

/**
 * Where jobs go: BullMQ on Redis (REDIS_URL) or, without it, the job_runs table run in-process by
 * the api. The API and the scheduled fan-out only talk to this.
 */
export abstract class JobQueue {
  abstract readonly mode: 'redis' | 'in-process';

  /**
   * Enqueues one aggregation. While one for the same (organization, day) is waiting or running,
   * that one is returned instead of a second being added.
   */
  abstract addAggregate(queue: QueueName, payload: AggregatePayload): Promise<JobView>;

  /** The organization's job, or undefined when absent or another organization's. */
  abstract get(organizationId: number, jobId: string): Promise<JobView | undefined>;

  /** The organization's most recent jobs, newest first. */
  abstract list(organizationId: number, limit: number): Promise<JobView[]>;

  /** Jobs per queue and state (metrics). */
  abstract counts(): Promise<QueueCounts>;

  /** Resolves when the backend answers; rejects (JobsUnavailableError) otherwise. */
  abstract ping(): Promise<void>;
}

export function emptyCounts(): QueueCounts {
  const zero = (): Record<JobState, number> => ({ waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 });
  return { critical: zero(), default: zero(), low: zero() };
}
