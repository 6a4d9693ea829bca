import { expect } from '@jest/globals';
import pg from 'pg';
import { type AggregateResult, todayUtc } from '@app/jobs';
import type {
  AnalyticsDto,
  HistoryDayDto,
} from '../../apps/api/src/analytics/dto/analytics.dto.js';
import type {
  EnqueuedJobDto,
  JobDto,
} from '../../apps/api/src/jobs/dto/jobs.dto.js';
import { Http, type HttpResponse, signUp, uniqueName } from './http.js';
import { newAccount, newCustomer } from './factories.js';
import { connectLeader } from './org-state.js';
import { waitFor } from './wait.js';

/** The totals of the organization organizationWithData() creates (as stored in daily_snapshots). */
export const EXPECTED_AGGREGATE = {
  total_customers: 2,
  total_accounts: 3,
  active_accounts: 2,
  inactive_accounts: 1,
  avg_accounts_per_customer: 1.5,
};

/**
 * A new organization with two customers and three accounts (two active), once the follower has
 * them: the aggregation job reads there.
 */
export async function organizationWithData(
  http: Http,
  prefix: string,
): Promise<{ client: Http; organizationId: number }> {
  const { client, organizationId } = await signUp(http, prefix);
  const a = await newCustomer(client, 'A');
  await newCustomer(client, 'B');
  for (const [name, status] of [
    ['p', 'active'],
    ['q', 'inactive'],
    ['r', 'active'],
  ] as const) {
    await newAccount(client, a.id, name, status);
  }
  await waitFor(
    'the follower to catch up',
    async () =>
      (await client.get<AnalyticsDto>('/api/analytics')).body.total_accounts ===
      3,
  );
  return { client, organizationId };
}

/** Polls GET /api/jobs/:id until the job is in `state`, and returns that view. */
export async function jobInState(
  client: Http,
  jobId: string,
  state = 'completed',
  timeoutMs?: number,
): Promise<JobDto> {
  let job: JobDto | undefined;
  await waitFor(
    `job ${jobId} to be ${state}`,
    async () => {
      const view = (await client.get<JobDto>(`/api/jobs/${jobId}`)).body;
      job = view;
      return view.state === state;
    },
    timeoutMs,
  );
  if (job === undefined) throw new Error(`job ${jobId} was never read`);
  return job;
}

/**
 * A pg-boss schema of the caller's own (JOBS_PG_SCHEMA), as the BullMQ files use a key prefix of
 * their own: no app of another test file runs its jobs, and its counts are the caller's.
 */
export function uniqueJobsSchema(prefix: string): string {
  return `jobs_${uniqueName(prefix)
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()}`.slice(0, 60);
}

/** The totals of an organization that had nothing yet at the end of the day. */
export const EMPTY_AGGREGATE: AggregateResult = {
  total_customers: 0,
  total_accounts: 0,
  active_accounts: 0,
  inactive_accounts: 0,
  avg_accounts_per_customer: 0,
};

/** A daily_snapshots row as the tests compare it: the day as text and the totals. */
export type StoredSnapshot = AggregateResult & { day: string };

/**
 * The organization's daily_snapshots rows of one day (none, or the one), read on a connection of
 * the test's own, so that it works after the app's pools closed too.
 */
export async function storedSnapshots(
  organizationId: number,
  day: string,
): Promise<StoredSnapshot[]> {
  const leader = await connectLeader();
  try {
    return (
      await leader.query<StoredSnapshot>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, total_customers, total_accounts, active_accounts,
                inactive_accounts, avg_accounts_per_customer
         FROM daily_snapshots WHERE organization_id = $1 AND day = $2`,
        [organizationId, day],
      )
    ).rows;
  } finally {
    await leader.end();
  }
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T/;

/**
 * The job API's round trip, the same on every backend: `POST /api/jobs/aggregate` for today
 * answers a waiting job on critical, which completes with the organization's totals
 * (organizationWithData's); answers that job's view.
 */
export async function aggregateToday(client: Http): Promise<JobDto> {
  const enqueued = await client.post<EnqueuedJobDto>('/api/jobs/aggregate', {});
  expect(enqueued.status).toBe(202);
  expect(enqueued.body).toEqual({
    job_id: expect.any(String),
    queue: 'critical',
    state: 'waiting',
  });
  const job = await jobInState(client, enqueued.body.job_id);
  expect(job).toEqual({
    job_id: enqueued.body.job_id,
    queue: 'critical',
    name: 'aggregate',
    state: 'completed',
    progress: 100,
    attempts: 1,
    data: { date: todayUtc() },
    result: { ...EXPECTED_AGGREGATE, rollup_drift: 0 },
    failed_reason: null,
    created_at: expect.stringMatching(ISO_TIME),
    finished_at: expect.stringMatching(ISO_TIME),
  });
  return job;
}

/**
 * What the job stored is the day's row; the API's history (from the rollups, served by the
 * follower) says the same totals for today; the job list shows the job; another organization sees
 * neither the job nor its id, and an id that is no job's answers 404.
 */
export async function expectStoredAndPrivate(
  http: Http,
  client: Http,
  job: JobDto,
  prefix: string,
): Promise<void> {
  expect((await client.get<JobDto[]>('/api/jobs?limit=5')).body).toEqual([job]);
  let history: HttpResponse<HistoryDayDto[]> | undefined;
  await waitFor('the history on the follower', async () => {
    history = await client.get<HistoryDayDto[]>(
      '/api/analytics/history?days=7',
    );
    return history.headers.get('x-served-by') === 'follower';
  });
  expect(history?.body).toHaveLength(7);
  expect(history?.body.at(-1)).toMatchObject({
    day: todayUtc(),
    ...EXPECTED_AGGREGATE,
  });
  const { client: other } = await signUp(http, `${prefix}-other`);
  expect((await other.get(`/api/jobs/${job.job_id}`)).status).toBe(404);
  expect((await other.get('/api/jobs')).body).toEqual([]);
  expect((await client.get('/api/jobs/agg-1-2026-01-01-x')).status).toBe(404);
}

/**
 * Holds the daily_snapshots row of (organization, day) in a transaction of its own, so that an
 * aggregation job for it stops at its upsert: a job that runs for as long as the test says, with
 * no test-only code in the job or its payload. `failAttempt()` cancels the blocked statement (that
 * attempt fails with "canceling statement due to user request"); `release()` lets it through.
 * Only statements blocked by this gate's own connection are touched: other test files are not.
 */
export class SnapshotGate {
  private readonly cancelled = new Set<string>();

  private constructor(
    private readonly client: pg.Client,
    private readonly pid: number,
  ) {}

  static async hold(
    organizationId: number,
    day: string,
  ): Promise<SnapshotGate> {
    const client = new pg.Client({
      connectionString: process.env.TEST_DATABASE_URL,
    });
    await client.connect();
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO daily_snapshots (organization_id, day, total_customers, total_accounts, active_accounts, inactive_accounts, avg_accounts_per_customer)
       VALUES ($1, $2, -1, -1, -1, -1, -1)`,
      [organizationId, day],
    );
    const [{ pid }] = (
      await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
    ).rows;
    return new SnapshotGate(client, pid);
  }

  /** Waits until a job's statement (one not cancelled before) is blocked by the gate; answers its backend pid. */
  async blocked(timeoutMs = 15_000): Promise<number> {
    let found: number | undefined;
    await waitFor(
      'a job to block on the held snapshot row',
      async () => {
        // pg_stat_activity is read once per transaction (and the gate's stays open): read it afresh.
        await this.client.query('SELECT pg_stat_clear_snapshot()');
        const { rows } = await this.client.query<{
          pid: number;
          started: string;
        }>(
          `SELECT pid, query_start::text AS started FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)) ORDER BY query_start`,
          [this.pid],
        );
        found = rows.find(
          (row) => !this.cancelled.has(`${row.pid}@${row.started}`),
        )?.pid;
        return found !== undefined;
      },
      timeoutMs,
    );
    if (found === undefined)
      throw new Error('waitFor resolved without a blocked job');
    return found;
  }

  /** Fails the next blocked attempt (waiting for it first). */
  async failAttempt(timeoutMs?: number): Promise<void> {
    const pid = await this.blocked(timeoutMs);
    await this.client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await this.client.query<{ started: string }>(
      'SELECT query_start::text AS started FROM pg_stat_activity WHERE pid = $1',
      [pid],
    );
    this.cancelled.add(`${pid}@${String(rows.at(0)?.started)}`);
    await this.client.query('SELECT pg_cancel_backend($1)', [pid]);
  }

  /** Lets blocked (and later) jobs through: the held row was never committed. */
  async release(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }
}
