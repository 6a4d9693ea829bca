import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PRIMARY } from '@app/database';
import { todayUtc } from '@app/jobs';
import { Http, signUp, uniqueName } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

/** No REDIS_URL: the api runs the same processor in-process, job state in job_runs on the primary. */
describe('jobs without REDIS_URL (in-process mode)', () => {
  let testApp: TestApp;
  let http: Http;
  let primary: DataSource;

  beforeAll(async () => {
    testApp = await startTestApp({ REDIS_URL: undefined, AGGREGATE_SCHEDULE: 'off', JOBS_BACKOFF_MS: '100' });
    http = new Http(testApp.baseUrl);
    primary = testApp.app.get<DataSource>(getDataSourceToken(PRIMARY));
  });
  afterAll(() => testApp.close());

  async function organizationWithData() {
    const { client, organizationId } = await signUp(http, 'inproc');
    const a = (await client.post('/api/customers', { name: 'A', email: `${uniqueName('a')}@x.example` })).body.id;
    await client.post('/api/customers', { name: 'B', email: `${uniqueName('b')}@x.example` });
    await client.post('/api/accounts', { customer_id: a, name: 'p', status: 'active' });
    await client.post('/api/accounts', { customer_id: a, name: 'q', status: 'inactive' });
    await client.post('/api/accounts', { customer_id: a, name: 'r', status: 'active' });
    // The job reads on the follower: wait until it has our rows.
    await waitFor('the follower to catch up', async () => (await client.get('/api/analytics')).body.total_accounts === 3);
    return { client, organizationId };
  }

  it('runs an enqueued aggregation in-process, records it in job_runs and stores the snapshot', async () => {
    const { client, organizationId } = await organizationWithData();
    const enqueued = await client.post('/api/jobs/aggregate', {});
    expect(enqueued.status).toBe(202);
    expect(enqueued.body).toEqual({ job_id: expect.any(String), queue: 'critical', state: 'waiting' });

    let job = (await client.get(`/api/jobs/${enqueued.body.job_id}`)).body;
    await waitFor('the job to complete', async () => {
      job = (await client.get(`/api/jobs/${enqueued.body.job_id}`)).body;
      return job.state === 'completed';
    });
    const expected = { total_customers: 2, total_accounts: 3, active_accounts: 2, inactive_accounts: 1, avg_accounts_per_customer: 1.5 };
    expect(job).toEqual({
      job_id: enqueued.body.job_id,
      queue: 'critical',
      name: 'aggregate',
      state: 'completed',
      progress: 100,
      attempts: 1,
      data: { date: todayUtc() },
      result: expected,
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
    expect(history.body).toEqual([{ day: todayUtc(), ...expected, computed_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) }]);

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

  it('reports nothing about redis on /health in this mode', async () => {
    const health = await http.get('/health');
    expect(health.status).toBe(200);
    expect(health.body.details.redis).toBeUndefined();
  });
});
