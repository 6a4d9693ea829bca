import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
} from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FollowerReport } from '@app/database';
import type { JobView } from '@app/jobs';
import { Http, signUp } from '../support/http.js';
import { LaggingCluster, readTotals } from '../support/lagging-cluster.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';
import { runLoad } from '../support/load.js';

interface HealthBody {
  status: string;
  details: {
    analytics_db: { status: string; followers: FollowerReport[] };
  };
}

/** A customer of the organization, to hang accounts on. */
async function customerOf(client: Http): Promise<number> {
  const created = await client.post<{ id: number }>('/api/customers', {
    name: 'Lagged',
    email: `lag-${Date.now()}-${Math.random().toString(36).slice(2)}@x.example`,
  });
  if (created.status !== 201) throw new Error(created.text);
  return created.body.id;
}

async function addAccount(client: Http, customerId: number): Promise<void> {
  const created = await client.post('/api/accounts', {
    customer_id: customerId,
    name: 'lag',
    status: 'active',
  });
  if (created.status !== 201) throw new Error(created.text);
}

/** Until both followers have served this organization: each has replayed what it wrote so far. */
async function servedByBoth(client: Http): Promise<void> {
  const replicas = new Set<string | null>();
  await waitFor('both followers to serve', async () => {
    const { route } = await readTotals(client);
    if (route.servedBy === 'follower') replicas.add(route.replica);
    return replicas.size === 2;
  });
}

async function followersOn(http: Http): Promise<FollowerReport[]> {
  const health = await http.get<HealthBody>('/health');
  expect(health.status).toBe(200);
  return health.body.details.analytics_db.followers;
}

/** Writes on the leader outside the API until stopped: the followers' replay positions fall behind when paused. */
function keepWriting(
  lagging: LaggingCluster,
  organizationId: number,
  customerId: number,
  everyMs: number,
): { stop(): Promise<number> } {
  const state = { running: true };
  let written = 0;
  const loop = (async () => {
    while (state.running) {
      await lagging.query(
        `INSERT INTO accounts (organization_id, customer_id, name, status) VALUES ($1, $2, 'direct', 'active')`,
        [organizationId, customerId],
      );
      written += 1;
      await sleep(everyMs);
    }
  })();
  return {
    async stop() {
      state.running = false;
      await loop;
      return written;
    },
  };
}

describe('analytics routing under follower lag (own leader + two followers)', () => {
  let lagging: LaggingCluster;
  let testApp: TestApp;
  let http: Http;

  beforeAll(async () => {
    lagging = await LaggingCluster.start('routing-under-lag');
    // No REDIS_URL: positions live in this process's memory, jobs run in-process on pg-boss.
    testApp = await startTestApp({
      DATABASE_URL: lagging.cluster.leaderUrl,
      ANALYTICS_DB_URL: lagging.analyticsUrl,
      REDIS_URL: undefined,
      AGGREGATE_SCHEDULE: 'off',
      REPLICA_STATUS_INTERVAL_MS: '50',
      // The breaker is tested with its own app below: here a paused follower stays eligible.
      REPLICA_MAX_LAG_MS: '600000',
      CAUSAL_WAIT_MS: '50',
      LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent',
    });
    http = new Http(testApp.baseUrl);
  }, 60_000);

  afterEach(() => lagging.resumeAll());

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed early
    await testApp?.close();
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed early
    await lagging?.stop();
  }, 30_000);

  it("replay paused on both followers: the writer's organization reads its write from the leader (stale-for-tenant), a quiet one still from a follower, and a job sees the write", async () => {
    const writer = await signUp(http, 'lag-writer');
    const quiet = await signUp(http, 'lag-quiet');
    const writerCustomer = await customerOf(writer.client);
    await addAccount(quiet.client, await customerOf(quiet.client));
    await servedByBoth(quiet.client);
    await servedByBoth(writer.client);

    await lagging.pause(0);
    await lagging.pause(1);
    await addAccount(writer.client, writerCustomer);

    const writerRead = await readTotals(writer.client);
    expect(writerRead.totalAccounts).toBe(1);
    expect(writerRead.route).toEqual({
      servedBy: 'leader',
      replica: null,
      reason: 'stale-for-tenant',
    });
    const quietRead = await readTotals(quiet.client);
    expect(quietRead.totalAccounts).toBe(1);
    expect(quietRead.route).toMatchObject({
      servedBy: 'follower',
      reason: 'fresh',
    });

    // A snapshot requested right after the change includes it (the job carries the position).
    const enqueued = await writer.client.post<{ job_id: string }>(
      '/api/jobs/aggregate',
      {},
    );
    expect(enqueued.status).toBe(202);
    let job: JobView | undefined;
    await waitFor('the aggregation job to finish', async () => {
      job = (
        await writer.client.get<JobView>(`/api/jobs/${enqueued.body.job_id}`)
      ).body;
      return job.state === 'completed' || job.state === 'failed';
    });
    expect(job).toMatchObject({
      state: 'completed',
      result: { total_accounts: 1 },
    });
  });

  it('replay paused on one follower: over 200 reads that need the write, none goes to it', async () => {
    const { client } = await signUp(http, 'lag-one');
    const customer = await customerOf(client);
    await servedByBoth(client);
    await lagging.pause(0);
    await addAccount(client, customer);
    const seen = new Map<string, number>();
    for (let read = 0; read < 200; read += 1) {
      const { totalAccounts, route } = await readTotals(client);
      expect(totalAccounts).toBe(1);
      expect(route.replica).not.toBe('1');
      const key = `${route.servedBy} ${route.replica ?? '-'} ${route.reason}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    // The live follower served (most of) them; the leader at most while it caught up.
    expect(
      [...seen].filter(([key]) => key.startsWith('follower 2')).length,
    ).toBeGreaterThan(0);
  });

  it('monotonic: with the followers at different positions, 500 reads of one organization never go back', async () => {
    const { client, organizationId } = await signUp(http, 'lag-mono');
    const customer = await customerOf(client);
    await servedByBoth(client);
    await lagging.pause(0);
    // Changes the API did not make (so no write position is recorded for them): only monotonic
    // reads keep the paused follower, which lacks them, from answering after the live one did.
    const writer = keepWriting(lagging, organizationId, customer, 5);
    let shown = 0;
    const servedBy = new Set<string>();
    try {
      for (let read = 0; read < 500; read += 1) {
        const { totalAccounts, route } = await readTotals(client);
        expect(totalAccounts).toBeGreaterThanOrEqual(shown);
        shown = totalAccounts;
        servedBy.add(`${route.servedBy} ${route.replica ?? '-'}`);
      }
    } finally {
      await writer.stop();
    }
    expect(shown).toBeGreaterThan(0);
    expect(servedBy).toContain('follower 2');
  });

  it('a follower killed under load (30 connections, 30 s): every response is 2xx', async () => {
    const { client } = await signUp(http, 'lag-kill');
    await addAccount(client, await customerOf(client));
    await servedByBoth(client);
    const load = runLoad({
      url: `${testApp.baseUrl}/api/analytics`,
      token: client.token ?? '',
      connections: 30,
      durationSeconds: 30,
    });
    await sleep(5_000);
    lagging.kill(1);
    const result = await load;
    expect(result).toMatchObject({ non2xx: 0, errors: 0, timeouts: 0 });
    expect(result.total).toBeGreaterThan(1000);
    // The dead follower is reported down and the survivor keeps serving.
    const [, second] = await followersOn(http);
    expect(second.status).toBe('down');
    // Restarted, it catches up and serves again.
    await lagging.cluster.startFollower(1);
    await waitFor(
      'the restarted follower to serve',
      async () => (await readTotals(client)).route.replica === '2',
    );
  }, 90_000);

  // Last: a second app against the same lagging cluster, with a lag limit.
  describe('with a lag limit (REPLICA_MAX_LAG_MS=1000)', () => {
    let breakerApp: TestApp;
    let breakerHttp: Http;

    beforeAll(async () => {
      breakerApp = await startTestApp({
        DATABASE_URL: lagging.cluster.leaderUrl,
        ANALYTICS_DB_URL: lagging.analyticsUrl,
        REDIS_URL: undefined,
        AGGREGATE_SCHEDULE: 'off',
        REPLICA_STATUS_INTERVAL_MS: '50',
        REPLICA_MAX_LAG_MS: '1000',
      });
      breakerHttp = new Http(breakerApp.baseUrl);
    }, 30_000);

    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed early
    afterAll(() => breakerApp?.close());

    it('a follower paused past the limit serves nobody, /health says lagging with its lag (still 200), metrics show it; after resume it serves again; with both out the leader answers', async () => {
      const background = await signUp(breakerHttp, 'lag-bg');
      const backgroundCustomer = await customerOf(background.client);
      const { client } = await signUp(breakerHttp, 'lag-reader');
      await servedByBoth(client);

      await lagging.pause(0);
      const writer = keepWriting(
        lagging,
        background.organizationId,
        backgroundCustomer,
        20,
      );
      try {
        await waitFor('follower 1 to be lagging', async () => {
          const [first] = await followersOn(breakerHttp);
          return first.status === 'lagging';
        });
        const [first, second] = await followersOn(breakerHttp);
        expect(first.lag_ms).toBeGreaterThan(1000);
        expect(first.lag_bytes).toBeGreaterThan(0);
        expect(second.status).toBe('up');
        const health = await breakerHttp.get<HealthBody>('/health');
        expect(health.status).toBe(200);
        expect(health.body.details.analytics_db.status).toBe('degraded');

        for (let read = 0; read < 50; read += 1) {
          const { route } = await readTotals(client);
          expect(route.replica).not.toBe('1');
        }
        const metrics = (await breakerHttp.get<string>('/metrics')).text;
        const lagSeconds =
          /^db_replica_lag_seconds\{replica="1"\} (\S+)$/m.exec(metrics);
        expect(Number(lagSeconds?.[1])).toBeGreaterThan(1);
        expect(metrics).toMatch(/^db_replica_lag_bytes\{replica="2"\} \d+$/m);
        expect(metrics).toMatch(
          /^db_read_routes_total\{target="follower",reason="fresh"\} [1-9]\d*$/m,
        );

        // Both out: the leader answers, still 200.
        await lagging.pause(1);
        await waitFor('both followers to be lagging', async () =>
          (await followersOn(breakerHttp)).every(
            (follower) => follower.status === 'lagging',
          ),
        );
        const both = await readTotals(client);
        expect(both.route).toEqual({
          servedBy: 'leader',
          replica: null,
          reason: 'lagging',
        });
        expect((await breakerHttp.get<string>('/metrics')).text).toMatch(
          /^db_read_routes_total\{target="leader",reason="lagging"\} [1-9]\d*$/m,
        );
      } finally {
        await writer.stop();
        await lagging.resumeAll();
      }
      await waitFor('both followers to be back', async () =>
        (await followersOn(breakerHttp)).every(
          (follower) => follower.status === 'up',
        ),
      );
      await waitFor('follower 1 to serve again', async () => {
        const { route } = await readTotals(client);
        return route.replica === '1';
      });
      // Pauses past the 1 s limit, resumes and waits for each follower in turn: over 30 s once
      // on 2 cores while another suite started three processes.
    }, 60_000);
  });
});
