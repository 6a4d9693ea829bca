import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import type { DataSource } from 'typeorm';
import type {
  EnqueuedJobDto,
  JobDto,
} from '../../apps/api/src/jobs/dto/jobs.dto.js';
import { PRIMARY, Tenant } from '@app/database';
import {
  AGGREGATE,
  AggregationService,
  CRITICAL,
  JobQueue,
  type PgBossJobQueue,
  pgBossJobData,
  todayUtc,
} from '@app/jobs';
import { Http, signUp } from '../support/http.js';
import {
  aggregateToday,
  EMPTY_AGGREGATE,
  EXPECTED_AGGREGATE as EXPECTED,
  expectStoredAndPrivate,
  jobInState,
  organizationWithData as organizationWithDataIn,
  SnapshotGate,
  storedSnapshots,
  uniqueJobsSchema,
} from '../support/jobs.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { present } from '../support/present.js';
import { connectLeader } from '../support/org-state.js';
import { expectRollupsExact } from '../support/rollups.js';

/**
 * No REDIS_URL: the api runs the same processor in-process on pg-boss. This file's jobs live in a
 * pg-boss schema of its own (JOBS_PG_SCHEMA), as the BullMQ files use a key prefix of their own:
 * the api of another test file never runs them, and their counts are this file's.
 */
const schema = uniqueJobsSchema('inproc');
const env = {
  REDIS_URL: undefined,
  JOBS_PG_SCHEMA: schema,
  AGGREGATE_SCHEDULE: 'off',
  JOBS_BACKOFF_MS: '1000',
  JOBS_POLL_INTERVAL_MS: '500',
};

afterAll(async () => {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL,
  });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

describe('jobs without REDIS_URL (in-process mode, pg-boss)', () => {
  let testApp: TestApp;
  let http: Http;
  let primary: DataSource;

  beforeAll(async () => {
    // Maintenance (expiry of jobs whose process died) every second, so that the test sees it.
    testApp = await startTestApp({ ...env, JOBS_STALLED_INTERVAL_MS: '1000' });
    http = new Http(testApp.baseUrl);
    primary = testApp.app.get<DataSource>(getDataSourceToken(PRIMARY));
  }, 30_000);
  afterAll(() => testApp.close());

  const organizationWithData = () => organizationWithDataIn(http, 'inproc');

  it('runs an enqueued aggregation in-process, records it in pg-boss and stores the snapshot', async () => {
    const { client, organizationId } = await organizationWithData();
    const job = await aggregateToday(client);

    const [row] = await primary.query<
      { name: string; state: string; data: unknown }[]
    >(
      `SELECT name, state::text AS state, data FROM ${schema}.job WHERE id = $1`,
      [job.job_id],
    );
    expect(row).toEqual({
      name: 'critical',
      state: 'completed',
      data: {
        name: 'aggregate',
        data: {
          organization_id: organizationId,
          date: todayUtc(),
          // The leader's WAL position at enqueue time: the job reads no older state.
          wal_position: expect.stringMatching(/^[0-9A-F]+\/[0-9A-F]+$/),
        },
      },
    });
    await expect(storedSnapshots(organizationId, todayUtc())).resolves.toEqual([
      { day: todayUtc(), ...EXPECTED },
    ]);
    // Ids that are not pg-boss's are 404, not 500.
    await expectStoredAndPrivate(http, client, job, 'inproc');
  });

  it('answers a duplicate enqueue for the same (organization, day) with the unfinished job, and stores one row', async () => {
    const { client, organizationId } = await organizationWithData();
    // Held: the first job cannot finish before the second request is answered.
    const gate = await SnapshotGate.hold(organizationId, todayUtc());
    try {
      const [first, second] = await Promise.all([
        client.post<EnqueuedJobDto>('/api/jobs/aggregate', {
          date: todayUtc(),
        }),
        client.post<EnqueuedJobDto>('/api/jobs/aggregate', {}),
      ]);
      expect([first.status, second.status]).toEqual([202, 202]);
      expect(second.body.job_id).toBe(first.body.job_id);
      await gate.blocked();
      // Running counts as unfinished too.
      const third = await client.post<EnqueuedJobDto>(
        '/api/jobs/aggregate',
        {},
      );
      expect(third.body).toEqual({
        job_id: first.body.job_id,
        queue: 'critical',
        state: 'active',
      });
    } finally {
      await gate.release();
    }
    const [{ job_id: jobId }] = (await client.get<JobDto[]>('/api/jobs')).body;
    await jobInState(client, jobId);
    expect((await client.get('/api/jobs')).body).toHaveLength(1);
    await expect(storedSnapshots(organizationId, todayUtc())).resolves.toEqual([
      { day: todayUtc(), ...EXPECTED },
    ]);
    // Once it finished, the next enqueue is a new job.
    const again = await client.post<EnqueuedJobDto>('/api/jobs/aggregate', {});
    expect(again.body.job_id).not.toBe(jobId);
    await jobInState(client, again.body.job_id);
  });

  /**
   * A job taken by another api process that then died: a pg-boss of the test's own fetches it
   * (it becomes active) and never completes it. `expireInSeconds` is that job's lease.
   */
  async function jobOfADeadProcess(
    organizationId: number,
    day: string,
    expireInSeconds: number,
  ): Promise<{ id: string; boss: PgBoss }> {
    const boss = new PgBoss({
      connectionString: process.env.TEST_DATABASE_URL,
      schema,
      supervise: false,
      schedule: false,
      migrate: false,
      max: 1,
    });
    boss.on('error', () => undefined);
    await boss.start();
    // Not due for an hour: only the test's own fetch (ignoreStartAfter) takes it.
    const id = await boss.send(
      CRITICAL,
      pgBossJobData(AGGREGATE, { organization_id: organizationId, date: day }),
      { startAfter: 3600, expireInSeconds },
    );
    const fetched = (await boss.fetch(CRITICAL, { ignoreStartAfter: true })).at(
      0,
    );
    expect(fetched?.id).toBe(id);
    return { id: present(id, 'the pg-boss job id'), boss };
  }

  it('takes over a job whose process died mid-run (it expired) and finishes it', async () => {
    const { client, organizationId } = await organizationWithData();
    const { id, boss } = await jobOfADeadProcess(organizationId, todayUtc(), 2);
    await boss.stop({ graceful: false, wait: true });
    expect((await client.get(`/api/jobs/${id}`)).body).toMatchObject({
      state: 'active',
      attempts: 1,
    });
    const job = await jobInState(client, id, 'completed', 20_000);
    expect(job).toMatchObject({
      attempts: 2,
      result: { ...EXPECTED, rollup_drift: 0 },
    });
  }, 30_000);

  it('leaves a running job alone while its lease holds, through a maintenance pass', async () => {
    const { client, organizationId } = await organizationWithData();
    const { id, boss } = await jobOfADeadProcess(
      organizationId,
      '2026-03-03',
      3600,
    );
    try {
      const queue = testApp.app.get<JobQueue, PgBossJobQueue>(JobQueue);
      // The api's supervisor ran after the job became active (it expires jobs whose lease ran out).
      for (let pass = 0; pass < 2; pass += 1)
        await new Promise((resolve) => queue.boss.once('maintenance', resolve));
      expect((await client.get(`/api/jobs/${id}`)).body).toMatchObject({
        state: 'active',
        attempts: 1,
      });
      await boss.complete(CRITICAL, id, { total_customers: 0 });
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });

  it('retries a failing job with backoff until it succeeds, and keeps one that fails every attempt', async () => {
    const { client, organizationId } = await organizationWithData();
    const [flakyDay, doomedDay] = ['2026-03-01', '2026-03-02'];
    const flakyGate = await SnapshotGate.hold(organizationId, flakyDay);
    const doomedGate = await SnapshotGate.hold(organizationId, doomedDay);
    try {
      const flaky = (
        await client.post<EnqueuedJobDto>('/api/jobs/aggregate', {
          date: flakyDay,
        })
      ).body.job_id;
      const doomed = (
        await client.post<EnqueuedJobDto>('/api/jobs/aggregate', {
          date: doomedDay,
        })
      ).body.job_id;
      await Promise.all([
        (async () => {
          for (let attempt = 0; attempt < 2; attempt += 1)
            await flakyGate.failAttempt();
          expect((await client.get(`/api/jobs/${flaky}`)).body).toMatchObject({
            failed_reason: 'canceling statement due to user request',
          });
          await flakyGate.blocked();
          await flakyGate.release();
        })(),
        (async () => {
          for (let attempt = 0; attempt < 3; attempt += 1)
            await doomedGate.failAttempt();
        })(),
      ]);
      expect(
        await jobInState(client, flaky, 'completed', 20_000),
      ).toMatchObject({
        attempts: 3,
        failed_reason: null,
        result: { total_customers: 0 },
      });
      expect(await jobInState(client, doomed, 'failed', 20_000)).toMatchObject({
        attempts: 3,
        result: null,
        failed_reason: 'canceling statement due to user request',
        finished_at: expect.any(String),
      });
    } finally {
      await flakyGate.release();
      await doomedGate.release();
    }
  }, 40_000);

  it('never lets an earlier computation overwrite a later one (the computed_at guard, on the database)', async () => {
    const { organizationId } = await signUp(http, 'inproc-guard');
    const aggregation = testApp.app.get(AggregationService);
    const day = '2026-04-01';
    const [earlier, later, latest] = [
      '2026-04-02T10:00:00Z',
      '2026-04-02T11:00:00Z',
      '2026-04-02T12:00:00Z',
    ].map((at) => new Date(at));
    /** The aggregation of `day`, as if it had started at `at`. */
    const computedAt = (at: Date) =>
      aggregation.aggregate(
        Tenant.of(organizationId),
        day,
        undefined,
        () => at,
      );
    const stored = async () =>
      (
        await primary.query<{ total_customers: number; computed_at: Date }[]>(
          'SELECT total_customers, computed_at FROM daily_snapshots WHERE organization_id = $1 AND day = $2',
          [organizationId, day],
        )
      )[0];
    await computedAt(later);
    expect(await stored()).toEqual({ total_customers: 0, computed_at: later });
    // The stored row changes (as a later computation would leave it); one that started earlier is ignored.
    await primary.query(
      `UPDATE daily_snapshots SET total_customers = 7 WHERE organization_id = $1 AND day = $2`,
      [organizationId, day],
    );
    await computedAt(earlier);
    expect(await stored()).toEqual({ total_customers: 7, computed_at: later });
    // A later one rewrites the row.
    await computedAt(latest);
    expect(await stored()).toEqual({ total_customers: 0, computed_at: latest });
  });

  it('documents the job routes in /swagger-json and exposes job metrics on /metrics', async () => {
    const { client } = await signUp(http, 'inproc-metrics');
    const enqueued = await client.post<EnqueuedJobDto>(
      '/api/jobs/aggregate',
      {},
    );
    await jobInState(client, enqueued.body.job_id);
    const document = (
      await http.get<{
        paths: Record<
          string,
          Record<string, { responses: Record<string, unknown> }>
        >;
        components: {
          schemas: Record<string, { properties: Record<string, unknown> }>;
        };
      }>('/swagger-json')
    ).body;
    expect(
      document.paths['/api/jobs/aggregate'].post.responses['202'],
    ).toBeDefined();
    expect(document.paths['/api/jobs'].get).toBeDefined();
    expect(document.paths['/api/jobs/{id}'].get.responses['404']).toBeDefined();
    expect(document.paths['/api/analytics/history'].get).toBeDefined();
    expect(
      document.components.schemas.JobDto.properties.failed_reason,
    ).toBeDefined();
    const metrics = (await http.get('/metrics')).text;
    expect(metrics).toMatch(
      /^job_queue_jobs\{queue="critical",state="completed"\} [1-9]\d*$/m,
    );
    expect(metrics).toMatch(
      /^job_duration_seconds_count\{queue="critical",name="aggregate"\} [1-9]\d*$/m,
    );
  });

  it('finds rollups that drifted (rows written around them), repairs them, reports analytics_rollup_drift and folds every delta', async () => {
    const { client, organizationId: org } = await organizationWithData();
    // Three ways to break the rollups without touching the rows: a wrong customer count (which
    // moves the distribution with it), a wrong total, a wrong bucket.
    await primary.query(
      `UPDATE customer_account_counts SET total_accounts = total_accounts + 2 WHERE organization_id = $1 AND total_accounts > 0`,
      [org],
    );
    await primary.query(
      `INSERT INTO analytics_daily (organization_id, day, accounts_net, active_net) VALUES ($1, $2, 5, 1)`,
      [org, todayUtc()],
    );
    await primary.query(
      `INSERT INTO analytics_distribution (organization_id, account_count, customer_count) VALUES ($1, 9, 1)`,
      [org],
    );
    const run = async () => {
      const enqueued = await client.post<EnqueuedJobDto>(
        '/api/jobs/aggregate',
        {},
      );
      return (await jobInState(client, enqueued.body.job_id)).result;
    };
    // counts: 1 customer; totals: |5| + |1|; distribution against the counts: the wrong count's
    // old and new buckets (3 and 5) and the bucket of 9.
    expect(await run()).toEqual({
      ...EXPECTED,
      rollup_drift: 1 + 6 + 3,
    });
    const metrics = (await http.get('/metrics')).text;
    expect(metrics).toMatch(
      /^analytics_rollup_drift\{rollup="counts"\} [1-9]/m,
    );
    expect(metrics).toMatch(
      /^analytics_rollup_drift\{rollup="totals"\} [1-9]/m,
    );
    const leader = await connectLeader();
    try {
      await expectRollupsExact(leader, org);
      const [{ deltas }] = (
        await leader.query<{ deltas: number }>(
          `SELECT ((SELECT count(*) FROM analytics_daily WHERE organization_id = $1 AND id <> 0)
                 + (SELECT count(*) FROM analytics_distribution WHERE organization_id = $1 AND id <> 0))::int AS deltas`,
          [org],
        )
      ).rows;
      expect(deltas).toBe(0);
    } finally {
      await leader.end();
    }
    // Checked again: nothing left to repair, and this organization no longer counts in the gauge.
    expect(await run()).toEqual({ ...EXPECTED, rollup_drift: 0 });
    expect((await http.get('/metrics')).text).toMatch(
      /^analytics_rollup_drift\{rollup="counts"\} 0$/m,
    );
  });

  it('reports nothing about redis on /health in this mode', async () => {
    const health = await http.get<{ details: Record<string, unknown> }>(
      '/health',
    );
    expect(health.status).toBe(200);
    expect(health.body.details.redis).toBeUndefined();
  });
});

describe('in-process mode with AGGREGATE_SCHEDULE', () => {
  it('registers the fan-out as pg-boss cron on low, once, and removes it when off', async () => {
    const scheduled = await startTestApp({
      ...env,
      AGGREGATE_SCHEDULE: '0 3 * * *',
    });
    try {
      const { boss } = scheduled.app.get<JobQueue, PgBossJobQueue>(JobQueue);
      await expect(boss.getSchedules()).resolves.toEqual([
        expect.objectContaining({
          name: 'low',
          cron: '0 3 * * *',
          data: { name: 'aggregate-all', data: {} },
          options: expect.objectContaining({ tz: 'UTC' }),
        }),
      ]);
    } finally {
      await scheduled.close();
    }
    const off = await startTestApp(env);
    try {
      await expect(
        off.app.get<JobQueue, PgBossJobQueue>(JobQueue).boss.getSchedules(),
      ).resolves.toEqual([]);
    } finally {
      await off.close();
    }
  }, 30_000);
});

describe('in-process mode at shutdown', () => {
  it('finishes the running job before the api closes', async () => {
    const testApp = await startTestApp(env);
    const { organizationId, client } = await signUp(
      new Http(testApp.baseUrl),
      'inproc-stop',
    );
    const day = todayUtc();
    const gate = await SnapshotGate.hold(organizationId, day);
    let closing: Promise<void> | undefined;
    try {
      const { job_id: jobId } = (
        await client.post<EnqueuedJobDto>('/api/jobs/aggregate', { date: day })
      ).body;
      await gate.blocked();
      // Observe (not change) the shutdown: released only once the api waits for its workers.
      const queue = testApp.app.get(JobQueue);
      const waiting = new Promise<void>((resolve) => {
        const stopWorkers = queue.stopWorkers.bind(queue);
        queue.stopWorkers = (graceMs: number) => {
          resolve();
          return stopWorkers(graceMs);
        };
      });
      closing = testApp.close();
      await waiting;
      await gate.release();
      await closing;
      // Read the outcome on a connection of our own: the app's pools closed with it.
      const outcome = new (await import('pg')).default.Client({
        connectionString: process.env.TEST_DATABASE_URL,
      });
      await outcome.connect();
      const [row] = (
        await outcome.query<{ state: string }>(
          `SELECT state::text AS state FROM ${schema}.job WHERE id = $1`,
          [jobId],
        )
      ).rows;
      await outcome.end();
      expect({
        state: row.state,
        snapshots: await storedSnapshots(organizationId, day),
      }).toEqual({
        state: 'completed',
        snapshots: [{ day, ...EMPTY_AGGREGATE }],
      });
    } finally {
      await gate.release();
      if (!closing) await testApp.close();
    }
  }, 30_000);
});
