import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PRIMARY } from '@app/database';
import {
  AGGREGATE_ALL,
  AGGREGATE_SCHEDULER_ID,
  CRITICAL,
  DEFAULT,
  LOW,
  type QueueName,
  todayUtc,
} from '@app/jobs';
import type { Queue } from 'bullmq';
import type { ErrorResponseDto } from '../../apps/api/src/common/error-response.dto.js';
import type {
  EnqueuedJobDto,
  JobDto,
} from '../../apps/api/src/jobs/dto/jobs.dto.js';
import { Http, signUp } from '../support/http.js';
import {
  addTestAggregate,
  redisTestEnv,
  removePrefix,
  startTestWorker,
  type TestWorker,
  testQueue,
  uniquePrefix,
  waitForJobState,
} from '../support/redis.js';
import {
  aggregateToday,
  EMPTY_AGGREGATE,
  EXPECTED_AGGREGATE as EXPECTED,
  expectStoredAndPrivate,
  jobInState,
  organizationWithData as organizationWithDataIn,
  SnapshotGate,
  storedSnapshots,
} from '../support/jobs.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { present } from '../support/present.js';
import { waitFor } from '../support/wait.js';
import { stopAll } from '../support/stop-all.js';

/** The api producing on real Redis, the worker app (same module as the worker process) processing. */
describe('jobs on BullMQ (REDIS_URL)', () => {
  const prefix = uniquePrefix('redis');
  let api: TestApp;
  let worker: TestWorker;
  let http: Http;
  let primary: DataSource;
  const queues = {} as Record<QueueName, Queue>;

  beforeAll(async () => {
    // Concurrency other than the defaults, to see that the configuration is what runs.
    const env = {
      ...redisTestEnv(prefix),
      JOBS_CONCURRENCY_CRITICAL: '3',
      JOBS_CONCURRENCY_DEFAULT: '2',
      JOBS_CONCURRENCY_LOW: '1',
    };
    api = await startTestApp(env);
    worker = await startTestWorker(env);
    http = new Http(api.baseUrl);
    primary = api.app.get<DataSource>(getDataSourceToken(PRIMARY));
    for (const name of [CRITICAL, DEFAULT, LOW] as const)
      queues[name] = testQueue(name, prefix);
  }, 30_000);

  afterAll(async () => {
    await stopAll(worker, api);
    for (const queue of Object.values(queues)) await queue.close();
    await removePrefix(prefix);
  }, 30_000);

  const organizationWithData = () => organizationWithDataIn(http, 'bull');

  it('enqueues on critical via the API; the worker writes the snapshot row; the API shows the job', async () => {
    const { client, organizationId } = await organizationWithData();
    const job = await aggregateToday(client);
    await expect(storedSnapshots(organizationId, todayUtc())).resolves.toEqual([
      { day: todayUtc(), ...EXPECTED },
    ]);
    await expectStoredAndPrivate(http, client, job, 'bull');
  });

  it('validates the body and the query', async () => {
    const { client } = await signUp(http, 'bull-validate');
    const tomorrow = new Date(Date.now() + 86_400_000)
      .toISOString()
      .slice(0, 10);
    for (const [body, field] of [
      [{ date: tomorrow }, 'date'],
      [{ date: '2026-02-30' }, 'date'],
      [{ date: '25/11/2026' }, 'date'],
      [{ date: 20261125 }, 'date'],
      [{ organization_id: 1 }, 'organization_id'],
    ] as const) {
      const response = await client.post<ErrorResponseDto>(
        '/api/jobs/aggregate',
        body,
      );
      expect({
        body,
        status: response.status,
        field: response.body.details?.[0]?.field,
      }).toEqual({ body, status: 400, field });
    }
    expect((await client.get('/api/jobs?limit=0')).status).toBe(400);
    expect((await client.get('/api/jobs?limit=101')).status).toBe(400);
    expect((await client.get('/api/analytics/history?days=367')).status).toBe(
      400,
    );
    expect(
      (await new Http(api.baseUrl).post('/api/jobs/aggregate', {})).status,
    ).toBe(401);
  });

  it('answers a duplicate enqueue for the same (organization, day) with the job already queued, and stores one row', async () => {
    const { client, organizationId } = await organizationWithData();
    const day = '2026-01-15';
    const [first, second] = await Promise.all([
      client.post<EnqueuedJobDto>('/api/jobs/aggregate', { date: day }),
      client.post<EnqueuedJobDto>('/api/jobs/aggregate', { date: day }),
    ]);
    expect([first.status, second.status]).toEqual([202, 202]);
    await waitFor('the job(s) to complete', async () =>
      (
        await Promise.all(
          [first, second].map((r) =>
            client.get<JobDto>(`/api/jobs/${r.body.job_id}`),
          ),
        )
      ).every((r) => r.body.state === 'completed'),
    );
    // Jobs added around the de-duplication (a retried or repeated job) still leave one correct row.
    const direct = await Promise.all(
      [1, 2, 3].map(() =>
        addTestAggregate(queues.critical, {
          organization_id: organizationId,
          date: day,
        }),
      ),
    );
    await Promise.all(
      direct.map((job) =>
        waitForJobState(
          queues.critical,
          present(job.id, 'the job id'),
          'completed',
        ),
      ),
    );
    // Everything was created after 2026-01-15 (UTC): nothing existed at the end of that day.
    await expect(storedSnapshots(organizationId, day)).resolves.toEqual([
      { day, ...EMPTY_AGGREGATE },
    ]);
  });

  it('retries a failing job with backoff and succeeds; a job failing every attempt is kept as failed', async () => {
    const { client, organizationId } = await organizationWithData();
    const flakyGate = await SnapshotGate.hold(organizationId, todayUtc());
    try {
      const flaky = await addTestAggregate(queues.critical, {
        organization_id: organizationId,
        date: todayUtc(),
      });
      for (let attempt = 0; attempt < 2; attempt += 1)
        await flakyGate.failAttempt();
      await flakyGate.blocked();
      await flakyGate.release();
      const done = await waitForJobState(
        queues.critical,
        present(flaky.id, 'the job id'),
        'completed',
      );
      expect(done.attemptsMade).toBe(3);
      const view = (await client.get<JobDto>(`/api/jobs/${flaky.id}`)).body;
      expect(view).toMatchObject({
        state: 'completed',
        attempts: 3,
        result: { ...EXPECTED, rollup_drift: 0 },
        failed_reason: null,
      });
    } finally {
      await flakyGate.release();
    }

    const doomedGate = await SnapshotGate.hold(organizationId, '2026-01-02');
    try {
      const doomed = await addTestAggregate(queues.critical, {
        organization_id: organizationId,
        date: '2026-01-02',
      });
      for (let attempt = 0; attempt < 3; attempt += 1)
        await doomedGate.failAttempt();
      await waitForJobState(
        queues.critical,
        present(doomed.id, 'the job id'),
        'failed',
      );
      expect((await client.get(`/api/jobs/${doomed.id}`)).body).toMatchObject({
        state: 'failed',
        attempts: 3,
        result: null,
        failed_reason: 'canceling statement due to user request',
        finished_at: expect.any(String),
      });
    } finally {
      await doomedGate.release();
    }
  }, 30_000);

  it('routes jobs to their queue and runs each queue at its configured concurrency', async () => {
    const { organizationId } = await organizationWithData();
    const day = '2026-02-01';
    // Every job stops at the held row: each queue fills exactly its slots, and the rest wait.
    const gate = await SnapshotGate.hold(organizationId, day);
    const names = Object.keys(queues) as QueueName[];
    let jobs: { name: QueueName; id: string }[] = [];
    try {
      jobs = (
        await Promise.all(
          names.map((name) =>
            Promise.all(
              Array.from({ length: 5 }, async () => ({
                name,
                id: present(
                  (
                    await addTestAggregate(queues[name], {
                      organization_id: organizationId,
                      date: day,
                    })
                  ).id,
                  'the job id',
                ),
              })),
            ),
          ),
        )
      ).flat();
      const counts = async (): Promise<Record<string, string>> =>
        Object.fromEntries(
          await Promise.all(
            names.map(
              async (name) =>
                [
                  name,
                  `${await queues[name].getActiveCount()} active, ${await queues[name].getWaitingCount()} waiting`,
                ] as const,
            ),
          ),
        );
      let seen: Record<string, string> = {};
      await waitFor('each queue to fill its slots', async () => {
        seen = await counts();
        return (
          seen.critical === '3 active, 2 waiting' &&
          seen.default === '2 active, 3 waiting' &&
          seen.low === '1 active, 4 waiting'
        );
      }).catch((error: unknown) => {
        throw new Error(
          `${(error as Error).message}: ${JSON.stringify(seen)}`,
          { cause: error },
        );
      });
    } finally {
      await gate.release();
    }
    await waitFor(
      'every job to finish',
      async () =>
        (
          await Promise.all(
            jobs.map((job) => queues[job.name].getJobState(job.id)),
          )
        ).every((state) => state === 'completed'),
      15_000,
    );
  }, 30_000);

  it('fans the scheduled job out to one aggregate job per organization on low', async () => {
    const { client, organizationId } = await organizationWithData();
    // Other test files create organizations meanwhile: the count is bracketed.
    const countOrganizations = async () =>
      Number(
        (
          await primary.query<{ n: string }[]>(
            'SELECT count(*) AS n FROM organizations',
          )
        )[0].n,
      );
    const before = await countOrganizations();
    // A day no other test writes: the fan-out reaches every organization of the shared database.
    const day = '2025-12-31';
    const fanout = await queues.low.add(AGGREGATE_ALL, { date: day });
    const done = await waitForJobState(
      queues.low,
      present(fanout.id, 'the fan-out job id'),
      'completed',
    );
    const after = await countOrganizations();
    const { organizations } = done.returnvalue as { organizations: number };
    expect(organizations).toBeGreaterThanOrEqual(before);
    expect(organizations).toBeLessThanOrEqual(after);
    let mine: { queue: string; state: string }[] = [];
    await waitFor(
      'this organization’s job to complete',
      async () => {
        mine = (await client.get<JobDto[]>('/api/jobs')).body;
        return mine.length === 1 && mine[0].state === 'completed';
      },
      20_000,
    );
    expect(mine[0]).toMatchObject({
      queue: 'low',
      name: 'aggregate',
      data: { date: day },
      result: { total_customers: 0, total_accounts: 0 },
    });
    await expect(storedSnapshots(organizationId, day)).resolves.toEqual([
      expect.objectContaining({ day, total_customers: 0 }),
    ]);
  }, 30_000);

  it('exposes health and metrics on the worker, and the redis indicator on the api', async () => {
    // A job of its own, so the counters below do not depend on the other tests.
    const { organizationId } = await signUp(http, 'bull-metrics');
    const job = await addTestAggregate(queues.critical, {
      organization_id: organizationId,
      date: todayUtc(),
    });
    await waitForJobState(
      queues.critical,
      present(job.id, 'the job id'),
      'completed',
    );
    const workerHealth = await new Http(worker.baseUrl).get<{
      details: Record<string, unknown>;
    }>('/health');
    expect(workerHealth.status).toBe(200);
    expect(workerHealth.body.details).toEqual({
      redis: { status: 'up' },
      database: { status: 'up', role: 'leader' },
    });
    const metrics = await new Http(worker.baseUrl).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(
      /^job_queue_jobs\{queue="critical",state="completed"\} [1-9]\d*$/m,
    );
    expect(metrics.text).toMatch(
      /^job_queue_jobs\{queue="low",state="waiting"\} \d+$/m,
    );
    expect(metrics.text).toMatch(
      /^job_duration_seconds_count\{queue="critical",name="aggregate"\} [1-9]\d*$/m,
    );
    // AGGREGATE_SCHEDULE=off: the worker registered no schedule.
    await expect(
      queues.low.getJobScheduler(AGGREGATE_SCHEDULER_ID),
    ).resolves.toBeUndefined();
    const apiHealth = await http.get<{ details: Record<string, unknown> }>(
      '/health',
    );
    expect(apiHealth.status).toBe(200);
    expect(apiHealth.body.details.redis).toEqual({ status: 'up' });
  });
});

describe('JOBS_WORKER_IN_API=true (npm start with REDIS_URL)', () => {
  const prefix = uniquePrefix('in-api');
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({
      ...redisTestEnv(prefix),
      JOBS_WORKER_IN_API: 'true',
      AGGREGATE_SCHEDULE: '0 3 * * *',
    });
  }, 30_000);

  afterAll(async () => {
    await stopAll(api);
    await removePrefix(prefix);
  }, 30_000);

  it('registers the schedule as a BullMQ job scheduler on low', async () => {
    const low = testQueue(LOW, prefix);
    try {
      await expect(
        low.getJobScheduler(AGGREGATE_SCHEDULER_ID),
      ).resolves.toMatchObject({
        pattern: '0 3 * * *',
        tz: 'UTC',
        name: AGGREGATE_ALL,
      });
    } finally {
      await low.close();
    }
  });

  it('processes the queues inside the api, with no worker process', async () => {
    const { client } = await signUp(new Http(api.baseUrl), 'in-api');
    const enqueued = await client.post<EnqueuedJobDto>(
      '/api/jobs/aggregate',
      {},
    );
    expect(enqueued.status).toBe(202);
    await jobInState(client, enqueued.body.job_id);
    expect(
      (await client.get<JobDto>(`/api/jobs/${enqueued.body.job_id}`)).body
        .result,
    ).toEqual({
      total_customers: 0,
      total_accounts: 0,
      active_accounts: 0,
      rollup_drift: 0,
      inactive_accounts: 0,
      avg_accounts_per_customer: 0,
    });
  });
});
