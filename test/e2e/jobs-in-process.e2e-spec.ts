import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PRIMARY } from '@app/database';
import { todayUtc } from '@app/jobs';
import { Http, signUp } from '../support/http.js';
import { EXPECTED_AGGREGATE as EXPECTED, jobInState, organizationWithData as organizationWithDataIn } from '../support/jobs.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

/** No REDIS_URL: the api runs the same processor in-process, job state in job_runs on the primary. */
describe('jobs without REDIS_URL (in-process mode)', () => {
  let testApp: TestApp;
  let http: Http;
  let primary: DataSource;

  beforeAll(async () => {
    testApp = await startTestApp({ REDIS_URL: undefined, AGGREGATE_SCHEDULE: 'off', JOBS_BACKOFF_MS: '100', JOBS_POLL_INTERVAL_MS: '200' });
    http = new Http(testApp.baseUrl);
    primary = testApp.app.get<DataSource>(getDataSourceToken(PRIMARY));
  });
  afterAll(() => testApp.close());

  const organizationWithData = () => organizationWithDataIn(http, 'inproc');

  it('runs an enqueued aggregation in-process, records it in job_runs and stores the snapshot', async () => {
    const { client, organizationId } = await organizationWithData();
    const enqueued = await client.post('/api/jobs/aggregate', {});
    expect(enqueued.status).toBe(202);
    expect(enqueued.body).toEqual({ job_id: expect.any(String), queue: 'critical', state: 'waiting' });

    const job = await jobInState(client, enqueued.body.job_id);
    expect(job).toEqual({
      job_id: enqueued.body.job_id,
      queue: 'critical',
      name: 'aggregate',
      state: 'completed',
      progress: 100,
      attempts: 1,
      data: { date: todayUtc() },
      result: EXPECTED,
      failed_reason: null,
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      finished_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });

    const [row] = await primary.query('SELECT state, organization_id FROM job_runs WHERE job_id = $1', [job.job_id]);
    expect(row).toEqual({ state: 'completed', organization_id: String(organizationId) });
    const snapshots = await primary.query('SELECT total_customers, total_accounts FROM daily_snapshots WHERE organization_id = $1', [organizationId]);
    expect(snapshots).toEqual([{ total_customers: 2, total_accounts: 3 }]);

    const list = await client.get('/api/jobs');
    expect(list.status).toBe(200);
    expect(list.body.map((entry: { job_id: string }) => entry.job_id)).toEqual([job.job_id]);

    let history = await client.get('/api/analytics/history?days=7');
    await waitFor('the snapshot on the follower', async () => {
      history = await client.get('/api/analytics/history?days=7');
      return history.body.length === 1;
    });
    expect(history.headers.get('x-served-by')).toBe('follower');
    expect(history.body).toEqual([{ day: todayUtc(), ...EXPECTED, computed_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) }]);

    // Another organization sees none of it.
    const { client: other } = await signUp(http, 'inproc-other');
    expect((await other.get(`/api/jobs/${job.job_id}`)).status).toBe(404);
    expect((await other.get('/api/jobs')).body).toEqual([]);
  });

  it('keeps one unfinished job per (organization, day): a duplicate answers the same job, and one row is stored', async () => {
    const { client, organizationId } = await organizationWithData();
    const [first, second] = await Promise.all([client.post('/api/jobs/aggregate', { date: todayUtc() }), client.post('/api/jobs/aggregate', {})]);
    expect([first.status, second.status]).toEqual([202, 202]);
    await waitFor('both to complete', async () =>
      (await Promise.all([first, second].map((r) => client.get(`/api/jobs/${r.body.job_id}`)))).every((r) => r.body.state === 'completed'),
    );
    const rows = await primary.query('SELECT total_accounts FROM daily_snapshots WHERE organization_id = $1', [organizationId]);
    expect(rows).toEqual([{ total_accounts: 3 }]);
  });

  /** A job_runs row as another (or an earlier) api process would have left it. */
  async function insertRun(organizationId: number, fields: { state: string; runAt: string; attempts?: number; data: object }) {
    const jobId = `agg-${organizationId}-test-${Math.random().toString(16).slice(2, 10)}`;
    await primary.query(
      `INSERT INTO job_runs (job_id, organization_id, queue, name, state, attempts, max_attempts, data, run_at)
       VALUES ($1, $2, 'critical', 'aggregate', $3, $4, 3, $5, now() + $6::interval)`,
      [jobId, organizationId, fields.state, fields.attempts ?? 0, fields.data, fields.runAt],
    );
    return jobId;
  }

  it('takes over a job whose process died mid-run (its lease expired) and finishes it', async () => {
    const { client, organizationId } = await organizationWithData();
    const jobId = await insertRun(organizationId, { state: 'active', attempts: 1, runAt: '-1 second', data: { organization_id: organizationId, date: todayUtc() } });
    expect((await client.get(`/api/jobs/${jobId}`)).body.state).toBe('active');
    const job = await jobInState(client, jobId);
    expect(job).toMatchObject({ attempts: 2, result: { total_accounts: 3 } });
  });

  it('leaves a running job alone while its lease holds', async () => {
    const { client, organizationId } = await organizationWithData();
    const jobId = await insertRun(organizationId, { state: 'active', attempts: 1, runAt: '1 hour', data: { organization_id: organizationId, date: todayUtc() } });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // past a poll interval
    expect((await client.get(`/api/jobs/${jobId}`)).body).toMatchObject({ state: 'active', attempts: 1 });
  });

  it('retries a failing job with backoff until it succeeds, and keeps one that fails every attempt', async () => {
    const { client, organizationId } = await organizationWithData();
    const flaky = await insertRun(organizationId, { state: 'waiting', runAt: '0 seconds', data: { organization_id: organizationId, date: '2026-03-01', test_fail_attempts: 2 } });
    const doomed = await insertRun(organizationId, { state: 'waiting', runAt: '0 seconds', data: { organization_id: organizationId, date: '2026-03-02', test_fail_attempts: 9 } });
    await waitFor('both to finish', async () => {
      const states = await Promise.all([flaky, doomed].map(async (id) => (await client.get(`/api/jobs/${id}`)).body.state));
      return states[0] === 'completed' && states[1] === 'failed';
    });
    expect((await client.get(`/api/jobs/${flaky}`)).body).toMatchObject({ attempts: 3, failed_reason: null, result: { total_customers: 0 } });
    expect((await client.get(`/api/jobs/${doomed}`)).body).toMatchObject({ attempts: 3, result: null, failed_reason: 'test failure on attempt 3' });
  });

  it('documents the job routes in /swagger-json and exposes job metrics on /metrics', async () => {
    // A job of its own, so the counters below do not depend on the other tests.
    const { client } = await signUp(http, 'inproc-metrics');
    const enqueued = await client.post('/api/jobs/aggregate', {});
    await jobInState(client, enqueued.body.job_id);
    const document = (await http.get('/swagger-json')).body;
    expect(document.paths['/api/jobs/aggregate'].post.responses['202']).toBeDefined();
    expect(document.paths['/api/jobs'].get).toBeDefined();
    expect(document.paths['/api/jobs/{id}'].get.responses['404']).toBeDefined();
    expect(document.paths['/api/analytics/history'].get).toBeDefined();
    expect(document.components.schemas.JobDto.properties.failed_reason).toBeDefined();
    const metrics = (await http.get('/metrics')).text;
    expect(metrics).toMatch(/^job_queue_jobs\{queue="critical",state="completed"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^job_duration_seconds_count\{queue="critical",name="aggregate"\} [1-9]\d*$/m);
  });

  it('reports nothing about redis on /health in this mode', async () => {
    const health = await http.get('/health');
    expect(health.status).toBe(200);
    expect(health.body.details.redis).toBeUndefined();
  });
});

describe('in-process mode at shutdown', () => {
  it('finishes the running job before the api closes', async () => {
    const testApp = await startTestApp({ REDIS_URL: undefined, AGGREGATE_SCHEDULE: 'off', JOBS_POLL_INTERVAL_MS: '100' });
    const primary = testApp.app.get<DataSource>(getDataSourceToken(PRIMARY));
    let closed = false;
    try {
      const { organizationId } = await signUp(new Http(testApp.baseUrl), 'inproc-stop');
      const jobId = `agg-${organizationId}-stop`;
      await primary.query(
        `INSERT INTO job_runs (job_id, organization_id, queue, name, state, max_attempts, data) VALUES ($1, $2, 'critical', 'aggregate', 'waiting', 3, $3)`,
        [jobId, organizationId, { organization_id: organizationId, date: todayUtc(), test_delay_ms: 1_000 }],
      );
      const stateOf = async () => (await primary.query('SELECT state FROM job_runs WHERE job_id = $1', [jobId]))[0].state;
      await waitFor('the job to start', async () => (await stateOf()) === 'active');
      // Read the outcome on a connection of our own: the app's pools close with it.
      const outcome = new (await import('pg')).default.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await outcome.connect();
      await testApp.close();
      closed = true;
      const [row] = (await outcome.query('SELECT state FROM job_runs WHERE job_id = $1', [jobId])).rows;
      const snapshots = (await outcome.query('SELECT 1 FROM daily_snapshots WHERE organization_id = $1', [organizationId])).rowCount;
      await outcome.end();
      expect({ state: row.state, snapshots }).toEqual({ state: 'completed', snapshots: 1 });
    } finally {
      if (!closed) await testApp.close();
    }
  }, 30_000);
});
