import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import {
  type FollowerReport,
  pgPoolOf,
  PRIMARY,
  ReadRouter,
} from '@app/database';
import { ANALYTICS_SQL } from '../../apps/api/src/analytics/analytics.service.js';
import type { AnalyticsDto } from '../../apps/api/src/analytics/dto/analytics.dto.js';
import type { CustomerDto } from '../../apps/api/src/customers/dto/customer.dto.js';
import { Http, signUp, uniqueName } from '../support/http.js';
import { routeOf } from '../support/lagging-cluster.js';
import { startTestApp, type TestApp, useTestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

/** What /health answers (Terminus): one entry per indicator under `details`. */
interface HealthBody {
  status: string;
  details: Record<string, { status: string; followers?: FollowerReport[] }>;
}

const inRecovery = async (dataSource: DataSource) =>
  (
    await dataSource.query<{ r: boolean }[]>('SELECT pg_is_in_recovery() AS r')
  )[0].r;

/** The shared test cluster's followers (test/global-setup.mjs starts two). */
const FOLLOWER_URLS = (process.env.TEST_ANALYTICS_DB_URL ?? '').split(',');

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
  // Customer 0 has an active and an inactive account, customers 1 and 2 one active each.
  for (const [customer, name, status] of [
    [0, 'a', 'active'],
    [0, 'b', 'inactive'],
    [1, 'c', 'active'],
    [2, 'd', 'active'],
  ] as const)
    await client.post('/api/accounts', {
      customer_id: ids[customer],
      name,
      status,
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

describe('routing with two followers (explicit DataSources, the default)', () => {
  const suite = useTestApp();

  it('binds "primary" to the leader and gives each follower of ANALYTICS_DB_URL its own read-only pool', async () => {
    expect(FOLLOWER_URLS).toHaveLength(2);
    const primary = suite.testApp.app.get<DataSource>(
      getDataSourceToken(PRIMARY),
    );
    await expect(inRecovery(primary)).resolves.toBe(false);
    const router = suite.testApp.app.get(ReadRouter);
    expect(router.mode).toBe('follower');
    expect(router.followers.map((follower) => follower.replica)).toEqual([
      '1',
      '2',
    ]);
    for (const follower of router.followers) {
      await expect(
        follower.connection.query<{ r: boolean }>(
          'SELECT pg_is_in_recovery() AS r',
          [],
        ),
      ).resolves.toEqual([{ r: true }]);
      // A follower refuses writes, so everything the API wrote went to the leader.
      await expect(
        follower.connection.query('CREATE TEMP TABLE t (x int)', []),
      ).rejects.toMatchObject({ code: '25006' });
    }
    expect(
      new Set(router.followers.map((follower) => follower.connection.pool())),
    ).toHaveProperty('size', 2);
  });

  it("answers analytics right after the organization's writes, with them, and says who answered and why", async () => {
    const { client, ids } = await seedOrganization(suite.http);
    // No waiting for replication: the read is causal (a follower that replayed the writes, or the leader).
    const response = await client.get<AnalyticsDto>('/api/analytics');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(EXPECTED);
    const route = routeOf(response);
    expect(route.reason).toMatch(
      /^(fresh|caught-up-after-wait|stale-for-tenant)$/,
    );
    if (route.servedBy === 'follower') expect(route.replica).toMatch(/^[12]$/);
    else expect(route.reason).toBe('stale-for-tenant');

    const perCustomer = await client.get(`/api/analytics/customers/${ids[0]}`);
    expect(perCustomer.body).toEqual({
      customer_id: ids[0],
      total_accounts: 2,
      active_accounts: 1,
      inactive_accounts: 1,
    });
    // Once replication has caught up the followers serve, both of them in turn.
    const replicas = new Set<string | null>();
    await waitFor('both followers to serve the organization', async () => {
      const again = await client.get<AnalyticsDto>('/api/analytics');
      expect(again.body).toEqual(EXPECTED);
      if (again.headers.get('x-served-by') === 'follower')
        replicas.add(again.headers.get('x-served-by-replica'));
      return replicas.size === 2;
    });
    expect([...replicas].sort()).toEqual(['1', '2']);
  });

  it('runs the analytics statements as named prepared statements, parsed and planned once per connection', async () => {
    const { client } = await signUp(suite.http, 'prepared');
    const router = suite.testApp.app.get(ReadRouter);
    const pools = [
      pgPoolOf(suite.testApp.app.get<DataSource>(getDataSourceToken(PRIMARY))),
      ...router.followers.map((follower) => follower.connection.pool()),
    ] as pg.Pool[];
    for (let i = 0; i < 4; i += 1)
      expect((await client.get('/api/analytics')).status).toBe(200);
    // Every connection of every pool, held at once so that each is asked once.
    const prepared: { name: string; statement: string }[] = [];
    for (const pool of pools) {
      const clients = await Promise.all(
        Array.from({ length: pool.totalCount }, () => pool.connect()),
      );
      try {
        for (const connection of clients)
          prepared.push(
            ...(
              await connection.query<{ name: string; statement: string }>(
                'SELECT name, statement FROM pg_prepared_statements',
              )
            ).rows,
          );
      } finally {
        for (const connection of clients) connection.release();
      }
    }
    const analytics = prepared.filter(
      (row) => row.statement === ANALYTICS_SQL.organization,
    );
    expect(analytics.length).toBeGreaterThan(0);
    for (const row of analytics)
      expect(row.name).toMatch(/^routed_[0-9a-f]{24}$/);
  });

  it('writes every row on the leader (seen there directly), which then streams to the followers', async () => {
    const { client } = await signUp(suite.http, 'writer');
    const email = `${uniqueName('w')}@x.example`;
    const created = await client.post<CustomerDto>('/api/customers', {
      name: 'Written',
      email,
    });
    const leader = new pg.Client({
      connectionString: process.env.TEST_DATABASE_URL,
    });
    const followers = FOLLOWER_URLS.map(
      (connectionString) => new pg.Client({ connectionString }),
    );
    await Promise.all([leader, ...followers].map((client) => client.connect()));
    try {
      const onLeader = await leader.query(
        'SELECT email, pg_is_in_recovery() AS r FROM customers WHERE id = $1',
        [created.body.id],
      );
      expect(onLeader.rows).toEqual([{ email, r: false }]);
      for (const follower of followers)
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
      await Promise.all([leader, ...followers].map((client) => client.end()));
    }
  });

  it('reads write positions on a connection of its own: a busy primary pool does not hold them', async () => {
    const router = suite.testApp.app.get(ReadRouter);
    const pool = pgPoolOf(
      suite.testApp.app.get<DataSource>(getDataSourceToken(PRIMARY)),
    ) as unknown as pg.Pool & { options: { max: number } };
    // Every connection of the primary pool taken, as by requests' statements under load.
    const held = await Promise.all(
      Array.from({ length: pool.options.max }, () => pool.connect()),
    );
    try {
      expect(pool.totalCount).toBe(pool.options.max);
      const before = await router.positionForJob(0);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        // recordPending(): the leader position query that stores the write's position.
        router.recordWrite(1).then(() => router.recordPending()),
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            reject(new Error('the position query waited for the primary pool'));
          }, 5_000);
        }),
      ]).finally(() => {
        clearTimeout(timer);
      });
      expect(pool.waitingCount).toBe(0);
      expect(before).toBeGreaterThan(0n);
    } finally {
      for (const client of held) client.release();
    }
  });

  it('reports the leader and each follower with its status and lag on /health', async () => {
    const response = await suite.http.get<HealthBody>('/health');
    expect(response.status).toBe(200);
    expect(response.body.details).toMatchObject({
      database: { status: 'up', role: 'leader' },
      analytics_db: { status: 'up', role: 'follower', mode: 'follower' },
    });
    const followers = response.body.details.analytics_db.followers ?? [];
    expect(followers.map((follower) => follower.replica)).toEqual(['1', '2']);
    for (const follower of followers) {
      expect(follower).toMatchObject({ status: 'up' });
      expect(follower.lag_ms).toBeGreaterThanOrEqual(0);
      expect(follower.lag_bytes).toBeGreaterThanOrEqual(0);
      expect(follower.replay_lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    }
  });
  it("shows the routing state to a signed-in user at /api/system/routing (the portal's System page), and to nobody else", async () => {
    const { client } = await seedOrganization(suite.http);
    await client.get('/api/analytics');
    expect((await suite.http.get('/api/system/routing')).status).toBe(401);
    const response = await client.get<{
      mode: string;
      positions: string;
      followers: FollowerReport[];
      routes: { target: string; reason: string; count: number }[];
    }>('/api/system/routing');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      mode: 'follower',
      positions: 'memory',
    });
    expect(response.body.followers.map((follower) => follower.status)).toEqual([
      'up',
      'up',
    ]);
    const total = response.body.routes.reduce(
      (sum, route) => sum + route.count,
      0,
    );
    expect(total).toBeGreaterThan(0);
  });
});

describe('routing without ANALYTICS_DB_URL', () => {
  const suite = useTestApp({ ANALYTICS_DB_URL: undefined });

  it('has no follower and serves analytics from the leader (reason no-follower)', async () => {
    expect(suite.testApp.app.get(ReadRouter).followers).toHaveLength(0);
    const { client } = await seedOrganization(suite.http);
    const response = await client.get<AnalyticsDto>('/api/analytics');
    expect(routeOf(response)).toEqual({
      servedBy: 'leader',
      replica: null,
      reason: 'no-follower',
    });
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

  it('starts anyway, answers from the leader (reason down) and reports the follower down, still 200', async () => {
    const { client } = await seedOrganization(new Http(testApp.baseUrl));
    const response = await client.get<AnalyticsDto>('/api/analytics');
    expect(response.status).toBe(200);
    expect(routeOf(response)).toEqual({
      servedBy: 'leader',
      replica: null,
      reason: 'down',
    });
    expect(response.body).toEqual(EXPECTED);
    const health = await new Http(testApp.baseUrl).get<HealthBody>('/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.details.analytics_db).toMatchObject({
      status: 'degraded',
      followers: [{ replica: '1', status: 'down', replay_lsn: null }],
    });
  });
});

describe('DB_ROUTING=replication', () => {
  const suite = useTestApp({ DB_ROUTING: 'replication' });

  it("builds one DataSource with both followers as slaves, and the router chooses the slave that has the organization's writes", async () => {
    const primary = suite.testApp.app.get<DataSource>(
      getDataSourceToken(PRIMARY),
    );
    expect(
      (primary.driver as unknown as { slaves: unknown[] }).slaves,
    ).toHaveLength(2);
    const router = suite.testApp.app.get(ReadRouter);
    expect(router.mode).toBe('replication');
    expect(router.followers).toHaveLength(2);

    const { client } = await seedOrganization(suite.http);
    const response = await client.get<AnalyticsDto>('/api/analytics');
    expect(response.body).toEqual(EXPECTED);
    await waitFor('a slave to serve', async () => {
      const again = await client.get<AnalyticsDto>('/api/analytics');
      expect(again.body).toEqual(EXPECTED);
      return again.headers.get('x-served-by') === 'follower';
    });

    const health = await suite.http.get<HealthBody>('/health');
    expect(health.body.details.analytics_db).toMatchObject({
      status: 'up',
      role: 'follower',
      mode: 'replication',
    });
  });
});
