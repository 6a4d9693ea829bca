import type { DataSource } from 'typeorm';
import { JOB_ID_PATTERN, newAggregateJobId } from './bull-job-queue.js';
import { backoffDelayMs } from './job-options.js';
import { JobQueue, type QueueCounts, emptyCounts } from './job-queue.js';
import { AGGREGATE, type AggregatePayload, aggregateDedupKey, type JobState, type JobView, type QueueName } from './jobs.constants.js';

/** A job_runs row as pg returns it. */
export interface JobRunRow {
  job_id: string;
  organization_id: string;
  queue: QueueName;
  name: string;
  state: JobState;
  progress: number;
  attempts: number;
  max_attempts: number;
  data: AggregatePayload;
  result: JobView['result'];
  failed_reason: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const UNFINISHED = `('waiting', 'delayed', 'active')`;

/** jsonb does not keep key order: answer the fields in the contract's order. */
function resultOf(stored: NonNullable<JobView['result']>): NonNullable<JobView['result']> {
  return {
    total_customers: stored.total_customers,
    total_accounts: stored.total_accounts,
    active_accounts: stored.active_accounts,
    inactive_accounts: stored.inactive_accounts,
    avg_accounts_per_customer: stored.avg_accounts_per_customer,
  };
}

export function viewOfRow(row: JobRunRow): JobView {
  return {
    job_id: row.job_id,
    queue: row.queue,
    name: row.name,
    state: row.state,
    progress: row.progress,
    attempts: row.attempts,
    data: { date: row.data.date },
    result: row.state === 'completed' && row.result ? resultOf(row.result) : null,
    failed_reason: row.failed_reason,
    created_at: new Date(row.created_at).toISOString(),
    finished_at: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

/**
 * Jobs in the job_runs table on the primary (no REDIS_URL): the api runs them itself
 * (InProcessRunner). Same retries, backoff, de-duplication and stalled-job recovery as on BullMQ.
 */
export class DatabaseJobQueue extends JobQueue {
  readonly mode = 'in-process' as const;
  private listener: ((queue: QueueName) => void) | undefined;

  constructor(
    private readonly primary: DataSource,
    private readonly settings: { attempts: number; backoffMs: number },
  ) {
    super();
  }

  /** Called after each enqueue, so the runner starts the job at once instead of at its next poll. */
  onEnqueued(listener: (queue: QueueName) => void): void {
    this.listener = listener;
  }

  async addAggregate(queue: QueueName, payload: AggregatePayload): Promise<JobView> {
    // Per queue, as BullMQ's de-duplication: a user's job on critical is not answered with the scheduled one on low.
    const dedupKey = `${queue}:${aggregateDedupKey(payload.organization_id, payload.date)}`;
    // Insert unless an unfinished job holds the key; then return that one. A few tries cover the
    // race where it finishes between the insert and the select.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const inserted: JobRunRow[] = await this.primary.query(
        `INSERT INTO job_runs (job_id, organization_id, queue, name, state, dedup_key, max_attempts, data)
         VALUES ($1, $2, $3, $4, 'waiting', $5, $6, $7)
         ON CONFLICT (dedup_key) WHERE state IN ${UNFINISHED} DO NOTHING
         RETURNING *`,
        [newAggregateJobId(payload.organization_id, payload.date), payload.organization_id, queue, AGGREGATE, dedupKey, this.settings.attempts, payload],
      );
      if (inserted.length > 0) {
        this.listener?.(queue);
        return viewOfRow(inserted[0]);
      }
      const [existing]: JobRunRow[] = await this.primary.query(`SELECT * FROM job_runs WHERE dedup_key = $1 AND state IN ${UNFINISHED}`, [dedupKey]);
      if (existing) return viewOfRow(existing);
    }
    throw new Error(`could not enqueue ${dedupKey}`);
  }

  async get(organizationId: number, jobId: string): Promise<JobView | undefined> {
    if (!JOB_ID_PATTERN.test(jobId)) return undefined;
    const [row]: JobRunRow[] = await this.primary.query('SELECT * FROM job_runs WHERE job_id = $1 AND organization_id = $2', [jobId, organizationId]);
    return row ? viewOfRow(row) : undefined;
  }

  async list(organizationId: number, limit: number): Promise<JobView[]> {
    const rows: JobRunRow[] = await this.primary.query(
      'SELECT * FROM job_runs WHERE organization_id = $1 ORDER BY created_at DESC, job_id DESC LIMIT $2',
      [organizationId, limit],
    );
    return rows.map(viewOfRow);
  }

  async counts(): Promise<QueueCounts> {
    const counts = emptyCounts();
    const rows: Array<{ queue: QueueName; state: JobState; count: number }> = await this.primary.query(
      'SELECT queue, state, count(*)::int AS count FROM job_runs GROUP BY queue, state',
    );
    for (const row of rows) counts[row.queue][row.state] = row.count;
    return counts;
  }

  /** Same retention as on BullMQ: completed jobs 7 days, failed ones 30. Returns the rows removed. */
  async removeOld(): Promise<number> {
    const [, removed]: [unknown, number] = await this.primary.query(
      `DELETE FROM job_runs
        WHERE (state = 'completed' AND finished_at < now() - interval '7 days')
           OR (state = 'failed' AND finished_at < now() - interval '30 days')`,
    );
    return removed;
  }

  async ping(): Promise<void> {
    await this.primary.query('SELECT 1');
  }

  /**
   * Takes the next runnable job of a queue: waiting, delayed and due, or active with an expired
   * lease (its process died: stalled-job recovery). SKIP LOCKED lets several api processes share the table.
   */
  async claim(queue: QueueName, leaseMs: number): Promise<JobRunRow | undefined> {
    const [rows]: [JobRunRow[], number] = await this.primary.query(
      `UPDATE job_runs SET state = 'active', attempts = attempts + 1, run_at = now() + make_interval(secs => $2::double precision / 1000)
        WHERE job_id = (SELECT job_id FROM job_runs
                         WHERE queue = $1 AND state IN ${UNFINISHED} AND run_at <= now()
                         ORDER BY run_at, created_at
                         LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [queue, leaseMs],
    );
    return rows[0];
  }

  /** Keeps a running job's lease, so it is not taken for stalled. */
  async renewLease(jobId: string, leaseMs: number): Promise<void> {
    await this.primary.query(
      `UPDATE job_runs SET run_at = now() + make_interval(secs => $2::double precision / 1000) WHERE job_id = $1 AND state = 'active'`,
      [jobId, leaseMs],
    );
  }

  async progress(jobId: string, progress: number): Promise<void> {
    await this.primary.query(`UPDATE job_runs SET progress = $2 WHERE job_id = $1 AND state = 'active'`, [jobId, Math.round(progress)]);
  }

  async complete(jobId: string, result: unknown): Promise<void> {
    await this.primary.query(
      `UPDATE job_runs SET state = 'completed', progress = 100, result = $2, failed_reason = NULL, finished_at = now() WHERE job_id = $1`,
      [jobId, JSON.stringify(result ?? null)],
    );
  }

  /** Retries with exponential backoff while attempts remain; then failed, kept for inspection. */
  async fail(row: Pick<JobRunRow, 'job_id' | 'attempts' | 'max_attempts'>, reason: string, retry = true): Promise<JobState> {
    if (retry && row.attempts < row.max_attempts) {
      await this.primary.query(
        `UPDATE job_runs SET state = 'delayed', failed_reason = $2, run_at = now() + make_interval(secs => $3::double precision / 1000) WHERE job_id = $1`,
        [row.job_id, reason, backoffDelayMs(this.settings.backoffMs, row.attempts)],
      );
      return 'delayed';
    }
    await this.primary.query(`UPDATE job_runs SET state = 'failed', failed_reason = $2, finished_at = now() WHERE job_id = $1`, [row.job_id, reason]);
    return 'failed';
  }
}
