import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { ANALYTICS, PRIMARY } from '@app/database';
import type { AnalyticsDto } from '../../apps/api/src/analytics/dto/analytics.dto.js';
import type { CustomerDto } from '../../apps/api/src/customers/dto/customer.dto.js';
import { Http, signUp, uniqueName } from '../support/http.js';
import { startTestApp, type TestApp, useTestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

/** What /health answers (Terminus): one entry per indicator under `details`. */
interface HealthBody {
  details: Record<string, unknown>;
}

const inRecovery = async (dataSource: DataSource) =>
  (
    await dataSource.query<{ r: boolean }[]>('SELECT pg_is_in_recovery() AS r')
  )[0].r;

async function seedOrganization(http: Http) {
  const { client } = await signUp(http, 'routing');
  const ids: number[] = [];
  for (let index = 0; index < 3; index += 1) {
    ids.push(
      (
        await client.post<CustomerDto>('/api/customers', {
          name: `R${index}`,
          email: `r${index}@${uniqueName('r')}.example`,
        })
      ).body.id,
    );
  }
  await client.post('/api/accounts', {
    customer_id: ids[0],
    name: 'a',
    status: 'active',
  });
  await client.post('/api/accounts', {
    customer_id: ids[0],
    name: 'b',
    status: 'inactive',
  });
  await client.post('/api/accounts', {
    customer_id: ids[1],
    name: 'c',
    status: 'active',
  });
  await client.post('/api/accounts', {
    customer_id: ids[2],
    name: 'd',
    status: 'active',
  });
  return { client, ids };
}

const EXPECTED = {
  total_customers: 3,
  total_accounts: 4,
  active_accounts: 3,
  inactive_accounts: 1,
  avg_accounts_per_customer: 4 / 3,
};

describe('routing with a follower (explicit DataSources, the default)', () => {
  const suite = useTestApp();

  it('binds "primary" to the leader and "analytics" to a separate follower pool', async () => {
    const primary = suite.testApp.app.get<DataSource>(
      getDataSourceToken(PRIMARY),
    );
    const analytics = suite.testApp.app.get<DataSource>(
      getDataSourceToken(ANALYTICS),
    );
    expect(analytics).not.toBe(primary);
    await expect(inRecovery(primary)).resolves.toBe(false);
    await expect(inRecovery(analytics)).resolves.toBe(true);
    // A follower refuses writes, so everything the API wrote went to the leader.
    await expect(
      analytics.query('CREATE TEMP TABLE t (x int)'),
    ).rejects.toMatchObject({ driverError: { code: '25006' } });
  });

  it('computes analytics on the follower, with the numbers the leader holds', async () => {
    const { client, ids } = await seedOrganization(suite.http);
    let response = await client.get<AnalyticsDto>('/api/analytics');
    // Replication is asynchronous: wait until the follower has replayed our writes.
    await waitFor('the follower to catch up', async () => {
      response = await client.get<AnalyticsDto>('/api/analytics');
      return response.body.total_accounts === 4;
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-served-by')).toBe('follower');
    expect(response.body).toEqual(EXPECTED);

    const perCustomer = await client.get(`/api/analytics/customers/${ids[0]}`);
    expect(perCustomer.headers.get('x-served-by')).toBe('follower');
    expect(perCustomer.body).toEqual({
      customer_id: ids[0],
      total_accounts: 2,
      active_accounts: 1,
      inactive_accounts: 1,
    });
  });

  it('writes every row on the leader (seen there directly), which then streams to the follower', async () => {
    const { client } = await signUp(suite.http, 'writer');
    const email = `${uniqueName('w')}@x.example`;
    const created = await client.post<CustomerDto>('/api/customers', {
      name: 'Written',
      email,
    });
    const leader = new pg.Client({
      connectionString: process.env.TEST_DATABASE_URL,
    });
    const follower = new pg.Client({
      connectionString: process.env.TEST_ANALYTICS_DB_URL,
    });
    await Promise.all([leader.connect(), follower.connect()]);
    try {
      const onLeader = await leader.query(
        'SELECT email, pg_is_in_recovery() AS r FROM customers WHERE id = $1',
        [created.body.id],
      );
      expect(onLeader.rows).toEqual([{ email, r: false }]);
      await waitFor(
        'the row on the follower',
        async () =>
          (
            await follower.query('SELECT 1 FROM customers WHERE id = $1', [
              created.body.id,
            ])
          ).rowCount === 1,
      );
    } finally {
      await Promise.all([leader.end(), follower.end()]);
    }
  });

  it('reports both connections and their roles on /health', async () => {
    const response = await suite.http.get<HealthBody>('/health');
    expect(response.status).toBe(200);
    expect(response.body.details).toMatchObject({
      database: { status: 'up', role: 'leader' },
      analytics_db: { status: 'up', role: 'follower', mode: 'follower' },
    });
  });
});

describe('routing without ANALYTICS_DB_URL', () => {
  const suite = useTestApp({ ANALYTICS_DB_URL: undefined });

  it('resolves "analytics" to the primary DataSource itself (one pool) and serves analytics from the leader', async () => {
    expect(suite.testApp.app.get(getDataSourceToken(ANALYTICS))).toBe(
      suite.testApp.app.get(getDataSourceToken(PRIMARY)),
    );
    const { client } = await seedOrganization(suite.http);
    const response = await client.get<AnalyticsDto>('/api/analytics');
    expect(response.headers.get('x-served-by')).toBe('leader');
    expect(response.body).toEqual(EXPECTED);
    const health = await suite.http.get<HealthBody>('/health');
    expect(health.body.details.analytics_db).toEqual({
      status: 'up',
      role: 'using primary',
    });
  });
});

describe('routing with an unreachable ANALYTICS_DB_URL at start-up', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    // Port 1 on loopback refuses connections at once.
    testApp = await startTestApp({
      ANALYTICS_DB_URL: 'postgres://nobody:nothing@127.0.0.1:1/none',
    });
  });
  afterAll(() => testApp.close());

  it('starts anyway and falls back to the primary', async () => {
    expect(testApp.app.get(getDataSourceToken(ANALYTICS))).toBe(
      testApp.app.get(getDataSourceToken(PRIMARY)),
    );
    const { client } = await seedOrganization(new Http(testApp.baseUrl));
    const response = await client.get<AnalyticsDto>('/api/analytics');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-served-by')).toBe('leader');
    expect(response.body).toEqual(EXPECTED);
  });
});

describe('DB_ROUTING=replication', () => {
  const suite = useTestApp({ DB_ROUTING: 'replication' });

  it('builds one DataSource with the follower as a slave, writes on the master and reads analytics on the slave', async () => {
    const primary = suite.testApp.app.get<DataSource>(
      getDataSourceToken(PRIMARY),
    );
    expect(suite.testApp.app.get(getDataSourceToken(ANALYTICS))).toBe(primary);
    expect(
      (primary.driver as unknown as { slaves: unknown[] }).slaves,
    ).toHaveLength(1);

    const { client } = await seedOrganization(suite.http);
    let response = await client.get<AnalyticsDto>('/api/analytics');
    await waitFor('the follower to catch up', async () => {
      response = await client.get<AnalyticsDto>('/api/analytics');
      return response.body.total_accounts === 4;
    });
    expect(response.headers.get('x-served-by')).toBe('follower');
    expect(response.body).toEqual(EXPECTED);

    const health = await suite.http.get<HealthBody>('/health');
    expect(health.body.details.analytics_db).toMatchObject({
      status: 'up',
      role: 'follower',
      mode: 'replication',
    });
  });
});
