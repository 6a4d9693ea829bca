import { Logger } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { DataSource, EntityManager } from 'typeorm';
import { pgBossQueueOptions } from './job-options.js';
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
  type AggregatePayload,
  type AggregateResult,
  aggregateDedupKey,
  type JobName,
  type JobState,
  type JobView,
  LOW,
  QUEUE_NAMES,
  type QueueName,
} from './jobs.constants.js';

const DAY_SECONDS = 24 * 3600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * pg-boss has queues but no job names: a job's `data` carries our name and payload. The
 * organization's jobs are found by `data->'data'->>'organization_id'` (indexed, see ensureIndexes).
 */
export interface PgBossJobData<N extends JobName = JobName> {
  name: N;
  data: N extends typeof AGGREGATE ? AggregatePayload : object;
}

export function pgBossJobData<N extends JobName>(
  name: N,
  data: PgBossJobData<N>['data'],
): PgBossJobData<N> {
  return { name, data };
}

/** What pg-boss is told, from the jobs configuration: the same knobs as BullMQ's, in its units. */
export interface PgBossSettings {
  attempts: number;
  backoffMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  pollIntervalMs: number;
  concurrency: Record<QueueName, number>;
}

export function pgBossSettings(config: JobsConfig): PgBossSettings {
  return {
    attempts: config.attempts,
    backoffMs: config.backoffMs,
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
    pollIntervalMs: config.pollIntervalMs,
    concurrency: config.concurrency,
  };
}

/**
 * The instance options: its own small pool on the primary (same URL and TLS as the app's), its
 * schema, maintenance (expiry of dead jobs, archiving, deletion) at the stalled-job interval, and
 * the retention BullMQ has: completed jobs about 7 days, failed ones 30 (they stay in `job` for an
 * hour / 23 days, then 7 days in `archive`; both are read by the job API).
 */
export function pgBossOptions(
  connection: { url: string; ssl: false | { rejectUnauthorized: false } },
  schema: string,
  settings: PgBossSettings,
  connectTimeoutMs: number,
): PgBoss.ConstructorOptions {
  return {
    connectionString: connection.url,
    ssl: connection.ssl,
    max: 3,
    application_name: 'api:jobs',
    connectionTimeoutMillis: connectTimeoutMs,
    schema,
    supervise: true,
    maintenanceIntervalSeconds: Math.max(
      1,
      Math.round(settings.stalledIntervalMs / 1000),
    ),
    archiveCompletedAfterSeconds: 3600,
    archiveFailedAfterSeconds: 23 * DAY_SECONDS,
    deleteAfterDays: 7,
    migrate: true,
    schedule: true,
  } as PgBoss.ConstructorOptions;
}

interface JobRow {
  id: string;
  name: QueueName;
  data: PgBossJobData;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  /** start_after in the future: a delayed job. */
  later: boolean;
  retry_count: number;
  output: unknown;
  created_on: Date;
  completed_on: Date | null;
}

const JOB_COLUMNS = `id, name, data, state::text AS state, start_after > now() AS later, retry_count, output, created_on, completed_on`;

/** pg-boss's states onto the five of the contract. */
export function contractStateOf(
  row: Pick<JobRow, 'state' | 'later'>,
): JobState {
  switch (row.state) {
    case 'created':
      return row.later ? 'delayed' : 'waiting';
    case 'retry':
      return 'delayed';
    case 'active':
    case 'completed':
    case 'failed':
      return row.state;
    default:
      return 'failed'; // cancelled
  }
}

/** jsonb does not keep key order: answer the fields in the contract's order. */
function resultOf(stored: AggregateResult): AggregateResult {
  return {
    total_customers: stored.total_customers,
    total_accounts: stored.total_accounts,
    active_accounts: stored.active_accounts,
    inactive_accounts: stored.inactive_accounts,
    avg_accounts_per_customer: stored.avg_accounts_per_customer,
    ...(stored.rollup_drift === undefined
      ? {}
      : { rollup_drift: stored.rollup_drift }),
  };
}

export function viewOfPgBossJob(row: JobRow): JobView {
  const state = contractStateOf(row);
  const output = row.output as { message?: string } | null;
  return {
    job_id: row.id,
    queue: row.name,
    name: row.data.name,
    state,
    // pg-boss keeps no progress: a job is at 0 until it completes.
    progress: state === 'completed' ? 100 : 0,
    // retry_count is the number of retries started; a job that has not started made no attempt.
    attempts: row.state === 'created' ? 0 : row.retry_count + 1,
    data: { date: (row.data.data as AggregatePayload).date },
    result:
      state === 'completed' && output
        ? resultOf(output as unknown as AggregateResult)
        : null,
    failed_reason:
      state !== 'completed' && typeof output?.message === 'string'
        ? output.message
        : null,
    created_at: new Date(row.created_on).toISOString(),
    finished_at: row.completed_on
      ? new Date(row.completed_on).toISOString()
      : null,
  };
}

/**
 * Without REDIS_URL: jobs on pg-boss (10.x), in its own schema on the primary, run by the api
 * itself. Same queues, concurrency, retries with exponential backoff, de-duplication, schedule and
 * job API as on BullMQ. pg-boss does the queueing (SKIP LOCKED fetches, retries, expiry of jobs
 * whose process died, retention, cron); this class adds what BullMQ does and pg-boss does not:
 * BullMQ-style de-duplication and the organization's job list.
 */
export class PgBossJobQueue extends JobQueue {
  readonly mode = 'in-process' as const;
  private readonly logger = new Logger('Jobs');
  private readonly workerIds: Record<QueueName, string[]> = {
    critical: [],
    default: [],
    low: [],
  };
  private stopped = false;

  constructor(
    readonly boss: PgBoss,
    private readonly primary: DataSource,
    private readonly schema: string,
    private readonly settings: PgBossSettings,
  ) {
    super();
    // Every work loop reports a failed poll while the primary is down: logged at most once a minute.
    let lastLogged = 0;
    boss.on('error', (error: Error) => {
      if (Date.now() - lastLogged < 60_000) return;
      lastLogged = Date.now();
      this.logger.warn(`pg-boss: ${error.message}`);
    });
  }

  /** Installs or upgrades pg-boss's schema (pg-boss's own migrations, under its advisory lock), the queues and our indexes. */
  async start(): Promise<void> {
    await this.boss.start();
    // Two processes creating the same queue at once deadlock inside pg-boss's create_queue (it
    // inserts the queue row and creates its partition): one process at a time, under a lock.
    const runner = this.primary.createQueryRunner();
    const lock = [`${this.schema}.app-queues`];
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', lock);
    try {
      for (const queue of QUEUE_NAMES) {
        await this.boss.createQueue(queue, {
          name: queue,
          ...pgBossQueueOptions(this.settings),
        });
        // createQueue keeps an existing queue's options: a changed configuration applies on the next start.
        await this.boss.updateQueue(queue, {
          name: queue,
          ...pgBossQueueOptions(this.settings),
        });
      }
    } finally {
      await runner
        .query('SELECT pg_advisory_unlock(hashtext($1))', lock)
        .finally(() => runner.release());
    }
    await this.ensureIndexes();
  }

  /**
   * Our indexes on pg-boss's tables. They follow pg-boss's schema rather than our migrations:
   * pg-boss creates (and on upgrade migrates) its tables at its own start, after our migrations
   * ran, and only when jobs run without Redis. IF NOT EXISTS under an advisory lock: several api
   * processes start at once. On the partitioned `job` table PostgreSQL adds them to every queue's
   * partition, present and future.
   * - the organization's jobs, newest first (GET /api/jobs), in `job` and in `archive`;
   * - the unfinished jobs of a de-duplication key (addAggregate).
   */
  private async ensureIndexes(): Promise<void> {
    const schema = this.schema;
    const names = [
      'job_organization_idx',
      'archive_organization_idx',
      'job_dedup_unfinished_idx',
    ];
    // Usually all there: then no CREATE INDEX, which would lock the job table even when it does nothing.
    const [{ present }] = await this.primary.query<[{ present: number }]>(
      `SELECT count(*)::int AS present FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = ANY($2)`,
      [schema, names],
    );
    if (present === names.length) return;
    await this.primary.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `${schema}.app-indexes`,
      ]);
      await manager.query(
        `CREATE INDEX IF NOT EXISTS job_organization_idx ON ${schema}.job (((data->'data'->>'organization_id')), created_on DESC)`,
      );
      await manager.query(
        `CREATE INDEX IF NOT EXISTS archive_organization_idx ON ${schema}.archive (((data->'data'->>'organization_id')), created_on DESC)`,
      );
      await manager.query(
        `CREATE INDEX IF NOT EXISTS job_dedup_unfinished_idx ON ${schema}.job (name, singleton_key) WHERE state < 'completed'`,
      );
    });
  }

  /**
   * BullMQ's de-duplication, per queue: while a job of the same key is waiting, delayed for a
   * retry or running there, that job is the answer. (pg-boss's policies keep one job per *state*,
   * so a second would queue behind a running one.) A transaction-scoped advisory lock on the key
   * serialises concurrent enqueues; the job is inserted in the same transaction.
   */
  async addAggregate(
    queue: QueueName,
    payload: AggregatePayload,
  ): Promise<JobView> {
    const key = aggregateDedupKey(payload.organization_id, payload.date);
    const view = await this.primary.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `${this.schema}.${queue}.${key}`,
      ]);
      const [existing] = await manager.query<[JobRow?]>(
        `SELECT ${JOB_COLUMNS} FROM ${this.schema}.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed' ORDER BY created_on LIMIT 1`,
        [queue, key],
      );
      if (existing) return { view: viewOfPgBossJob(existing), added: false };
      const id = await this.boss.send(
        queue,
        pgBossJobData(AGGREGATE, withTraceContext(payload)),
        { singletonKey: key, db: inTransaction(manager) },
      );
      if (!id)
        throw new Error(`pg-boss did not take the job ${key} on "${queue}"`);
      const [row]: JobRow[] = await manager.query(
        `SELECT ${JOB_COLUMNS} FROM ${this.schema}.job WHERE name = $1 AND id = $2`,
        [queue, id],
      );
      return { view: viewOfPgBossJob(row), added: true };
    });
    // After the commit: wake this process's idle workers of the queue instead of waiting for their next poll.
    if (view.added)
      for (const id of this.workerIds[queue]) this.boss.notifyWorker(id);
    return view.view;
  }

  async get(
    organizationId: number,
    jobId: string,
  ): Promise<JobView | undefined> {
    if (!UUID.test(jobId)) return undefined;
    const rows: JobRow[] = await this.primary.query(
      `SELECT ${JOB_COLUMNS} FROM ${this.schema}.job WHERE name = ANY($1) AND id = $2
       UNION ALL
       SELECT ${JOB_COLUMNS} FROM ${this.schema}.archive WHERE name = ANY($1) AND id = $2`,
      [QUEUE_NAMES, jobId],
    );
    const row = rows.find(
      (candidate) =>
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- pg-boss's data column is nullable jsonb; rows are read as stored
        candidate.data?.name === AGGREGATE &&
        (candidate.data.data as AggregatePayload).organization_id ===
          organizationId,
    );
    return row ? viewOfPgBossJob(row) : undefined;
  }

  async list(organizationId: number, limit: number): Promise<JobView[]> {
    const rows: JobRow[] = await this.primary.query(
      `SELECT * FROM (
         (SELECT ${JOB_COLUMNS} FROM ${this.schema}.job
           WHERE data->'data'->>'organization_id' = $1 ORDER BY created_on DESC LIMIT $2)
         UNION ALL
         (SELECT ${JOB_COLUMNS} FROM ${this.schema}.archive
           WHERE data->'data'->>'organization_id' = $1 ORDER BY created_on DESC LIMIT $2)
       ) jobs
       WHERE name = ANY($3)
       ORDER BY created_on DESC, id DESC LIMIT $2`,
      [String(organizationId), limit, QUEUE_NAMES],
    );
    return rows.map(viewOfPgBossJob);
  }

  async counts(): Promise<QueueCounts> {
    const counts = emptyCounts();
    const rows: {
      name: QueueName;
      state: JobRow['state'];
      later: boolean;
      count: number;
    }[] = await this.primary.query(
      `SELECT name, state::text AS state, (state = 'created' AND start_after > now()) AS later, count(*)::int AS count
         FROM ${this.schema}.job WHERE name = ANY($1) GROUP BY 1, 2, 3`,
      [QUEUE_NAMES],
    );
    for (const row of rows) counts[row.name][contractStateOf(row)] += row.count;
    return counts;
  }

  async ping(): Promise<void> {
    await this.primary.query('SELECT 1');
  }

  /**
   * pg-boss runs one job at a time per work() loop: `concurrency` loops per queue give the same
   * reserved slots as a BullMQ Worker's concurrency (a slot takes the next job as soon as it is
   * free, not when a whole batch is done).
   */
  async startWorkers(handler: JobHandler): Promise<void> {
    const options = {
      batchSize: 1,
      includeMetadata: true as const,
      pollingIntervalSeconds: this.settings.pollIntervalMs / 1000,
    };
    for (const queue of QUEUE_NAMES) {
      for (let slot = 0; slot < this.settings.concurrency[queue]; slot += 1) {
        const id = await this.boss.work<PgBossJobData>(
          queue,
          options,
          async ([job]) => {
            try {
              return await handler({
                id: job.id,
                name: job.data.name,
                queueName: queue,
                data: job.data.data,
                attemptsMade: job.retryCount,
                updateProgress: () => Promise.resolve(undefined),
              });
            } catch (error) {
              this.logger.warn(
                `job ${job.id} (${job.data.name}) on "${queue}" failed attempt ${job.retryCount + 1}: ${(error as Error).message}`,
              );
              throw error;
            }
          },
        );
        this.workerIds[queue].push(id);
      }
    }
  }

  /**
   * pg-boss's graceful stop: no new jobs, the running ones finish (at most `graceMs`; pg-boss
   * then fails them, so they are retried by the next process), then its pool closes.
   */
  async stopWorkers(graceMs: number): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.boss.stop({
      graceful: true,
      timeout: graceMs,
      wait: true,
      close: true,
    });
    // pg-boss 10's stop() resolves while the clean-up loop of its offWork() (src/manager.js) may
    // still sleep 1 s before forgetting the stopped workers. Nothing of ours waits on it (pg-boss
    // 10.4 has no public way to: getWipData is not on the instance); under Jest, that sleep's lazy
    // require is hoisted by test/esm-to-cjs.transformer.cjs.
  }

  /** pg-boss's cron (one schedule per queue, sent once per minute however many processes run it). */
  async registerSchedule(pattern: string | null): Promise<void> {
    if (pattern)
      await this.boss.schedule(LOW, pattern, pgBossJobData(AGGREGATE_ALL, {}), {
        tz: 'UTC',
      });
    else await this.boss.unschedule(LOW);
  }

  /** The pool closes with the app even when no worker ran. */
  async onApplicationShutdown(): Promise<void> {
    await this.stopWorkers(0);
  }
}

/** pg-boss's `db` option: run its statement on the transaction's connection. */
function inTransaction(manager: EntityManager): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[]) => ({
      rows: await manager.query(text, values),
    }),
  };
}
