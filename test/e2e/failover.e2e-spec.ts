import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AnalyticsDto } from '../../apps/api/src/analytics/dto/analytics.dto.js';
import {
  type EmbeddedCluster,
  startEmbeddedCluster,
} from '../../scripts/embedded-cluster.js';
import { freshDataDir } from '../support/fresh-data-dir.js';
import { Http, signUp } from '../support/http.js';
import { newCustomer } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';
import { stopAll } from '../support/stop-all.js';

/** What /health answers (Terminus): each indicator's status (and role) under `details`. */
interface HealthBody {
  details: Record<string, { status: string; role?: string }>;
}

/**
 * A cluster of its own (the shared one must stay up for the other test files): the follower and
 * then the leader are stopped under a running API.
 */
describe('when the follower or the leader dies', () => {
  let cluster: EmbeddedCluster;
  let testApp: TestApp;
  let http: Http;
  let api: Http;

  beforeAll(async () => {
    cluster = await startEmbeddedCluster({
      dataDir: await freshDataDir('failover'),
      fsyncOff: true,
    });
    testApp = await startTestApp({
      DATABASE_URL: cluster.leaderUrl,
      ANALYTICS_DB_URL: cluster.followerUrl,
      DB_CONNECT_TIMEOUT_MS: '1000',
    });
    http = new Http(testApp.baseUrl);
    ({ client: api } = await signUp(http, 'failover'));
    await newCustomer(api, 'Survivor');
  }, 60_000);

  afterAll(async () => {
    await stopAll(testApp, cluster);
  }, 30_000);

  it('is healthy with both up', async () => {
    const health = await http.get<HealthBody>('/health');
    expect(health.status).toBe(200);
    expect(health.body.details).toMatchObject({
      database: { status: 'up', role: 'leader' },
      analytics_db: { status: 'up', role: 'follower' },
    });
  });

  it('stays 200 with the follower down: health reports it, analytics fall back to the leader', async () => {
    await cluster.stopFollower();

    // The ReadRouter reads each follower's position on an interval: health reports the follower
    // from its next read on (and the status stays 200 throughout).
    let health = await http.get<HealthBody>('/health');
    await waitFor('health to report the follower down', async () => {
      health = await http.get<HealthBody>('/health');
      expect(health.status).toBe(200);
      return health.body.details.analytics_db.status !== 'up';
    });
    expect(health.status).toBe(200);
    expect(health.body.details.database).toMatchObject({ status: 'up' });
    expect(health.body.details.analytics_db).toMatchObject({
      status: 'degraded',
      role: 'follower',
    });

    const analytics = await api.get<AnalyticsDto>('/api/analytics');
    expect(analytics.status).toBe(200);
    expect(analytics.headers.get('x-served-by')).toBe('leader');
    expect(analytics.body.total_customers).toBe(1);
    await newCustomer(api, 'While down');
  }, 30_000);

  it('returns to the follower once it is back', async () => {
    await cluster.startFollower();
    await waitFor(
      'analytics served by the follower again',
      async () => {
        const response = await api.get<AnalyticsDto>('/api/analytics');
        return (
          response.headers.get('x-served-by') === 'follower' &&
          response.body.total_customers === 2
        );
      },
      20_000,
    );
    expect(
      (await http.get<HealthBody>('/health')).body.details.analytics_db.status,
    ).toBe('up');
  }, 30_000);

  it('answers 503 with Retry-After (not a hang) when the leader is down, and recovers when it returns', async () => {
    await cluster.stopLeader();

    // Not a hang: the answer arrives while the leader is still down (it is started only below;
    // a request that waited for it would run into the test's timeout instead).
    const list = await api.get('/api/customers');
    expect(list.status).toBe(503);
    expect(list.headers.get('retry-after')).toBe('5');
    expect(list.body).toMatchObject({
      status_code: 503,
      error: expect.any(String),
    });
    expect(list.text).not.toMatch(/ECONNREFUSED|terminat|127\.0\.0\.1/i);

    const health = await http.get<HealthBody>('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      status: 'error',
      status_code: 503,
      error: { database: { status: 'down' } },
    });

    await cluster.startLeader();
    await waitFor(
      'the API to serve from the leader again',
      async () => (await api.get('/api/customers')).status === 200,
      20_000,
    );
    expect((await api.get('/api/customers')).body).toHaveLength(2);
  }, 60_000);
});
