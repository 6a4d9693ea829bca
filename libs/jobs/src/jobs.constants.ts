import type { TraceCarrier } from '@app/common';

/** The three queues, most urgent first. Asynq's weighted queues of the seed, mapped in README.md. */
export const CRITICAL = 'critical';
export const DEFAULT = 'default';
export const LOW = 'low';
export const QUEUE_NAMES = [CRITICAL, DEFAULT, LOW] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Every job name a processor must handle (start-up fails when one has no handler). */
export const AGGREGATE = 'aggregate';
export const AGGREGATE_ALL = 'aggregate-all';
export const JOB_NAMES = [AGGREGATE, AGGREGATE_ALL] as const;
export type JobName = (typeof JOB_NAMES)[number];

export const JOB_STATES = [
  'waiting',
  'delayed',
  'active',
  'completed',
  'failed',
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Id of the repeatable job (BullMQ job scheduler) that refreshes today's snapshot of every organization. */
export const AGGREGATE_SCHEDULER_ID = 'aggregate-all-organizations';

/** `aggregate`: one organization, one day (UTC). */
export interface AggregatePayload {
  organization_id: number;
  /** YYYY-MM-DD */
  date: string;
  /**
   * The leader's WAL position when the job was enqueued (`X/Y`): its reads wait for a follower that
   * has replayed it, else use the leader. Absent in jobs enqueued before positions existed.
   */
  wal_position?: string;
  /**
   * W3C trace context (traceparent, tracestate) of the request that enqueued the job, when tracing
   * is on: the job's span links to it. Never shown by the API (JobView carries `date` only).
   */
  trace_context?: TraceCarrier;
}

/** `aggregate-all`: today's snapshot for every organization, one `aggregate` job each on `low`. */
export interface AggregateAllPayload {
  /** YYYY-MM-DD; today (UTC) when absent. */
  date?: string;
}

export interface AggregateResult {
  total_customers: number;
  total_accounts: number;
  active_accounts: number;
  inactive_accounts: number;
  avg_accounts_per_customer: number;
  /**
   * Differences the job found between the rollups and a count of the organization's rows
   * (repaired before it finished): 0 unless something wrote around the triggers. Absent in the
   * results of jobs that ran before the rollups existed.
   */
  rollup_drift?: number;
}

export interface AggregateAllResult {
  organizations: number;
}

export interface JobPayloads {
  [AGGREGATE]: AggregatePayload;
  [AGGREGATE_ALL]: AggregateAllPayload;
}

export interface JobResults {
  [AGGREGATE]: AggregateResult;
  [AGGREGATE_ALL]: AggregateAllResult;
}

/** A job as the API shows it (GET /api/jobs/:id), whichever backend holds it. */
export interface JobView {
  job_id: string;
  queue: QueueName;
  name: string;
  state: JobState;
  progress: number;
  attempts: number;
  data: { date: string };
  result: AggregateResult | null;
  failed_reason: string | null;
  created_at: string;
  finished_at: string | null;
}

/** Today in UTC, as YYYY-MM-DD. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Jobs with the same key never run at the same time: one (organization, day) aggregation at once. */
export function aggregateDedupKey(
  organizationId: number,
  date: string,
): string {
  return `aggregate-${organizationId}-${date}`;
}
