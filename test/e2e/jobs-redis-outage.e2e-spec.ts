import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { EnqueuedJobDto } from '../../apps/api/src/jobs/dto/jobs.dto.js';
import { Http, signUp } from '../support/http.js';
import { newCustomer } from '../support/factories.js';
import { jobInState } from '../support/jobs.js';
import {
  OwnRedisServer,
  redisTestEnv,
  startTestWorker,
  type TestWorker,
  uniquePrefix,
} from '../support/redis.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';
import { stopAll } from '../support/stop-all.js';

/**
 * A redis-server of its own (the shared one stays up for the other files), stopped and started
 * again under a running api and worker.
 */
/** What /health answers (Terminus): each indicator's status under `details`. */
interface HealthBody {
  details: Record<string, { status: string }>;
}

describe('when Redis goes away and comes back', () => {
  let redis: OwnRedisServer;
  let api: TestApp;
  let worker: TestWorker;
  let http: Http;
  let client: Http;

  beforeAll(async () => {
    redis = await OwnRedisServer.start();
    const env = redisTestEnv(uniquePrefix('outage'), redis.url);
    api = await startTestApp(env);
    worker = await startTestWorker(env);
    http = new Http(api.baseUrl);
    ({ client } = await signUp(http, 'outage'));
    await newCustomer(client, 'Kept');
  }, 30_000);

  afterAll(async () => {
    await stopAll(worker, api, redis);
  }, 30_000);

  it('runs jobs while Redis is up', async () => {
    const enqueued = await client.post<EnqueuedJobDto>(
      '/api/jobs/aggregate',
      {},
    );
    expect(enqueued.status).toBe(202);
    await jobInState(client, enqueued.body.job_id);
  });

  it('answers 503 while Redis is connected but not answering, before it answers again', async () => {
    const admin = new Redis(redis.url);
    const waiter = new Redis(redis.url);
    try {
      await waiter.ping();
      await admin.call('CLIENT', 'PAUSE', '8000', 'ALL');
      // Resolves when Redis answers again: the job endpoint must not wait for that (its bound, 2 s,
      // is checked with a fake clock in bull-job-queue.spec.ts).
      const back = waiter.ping().then(() => 'redis answering again');
      const response = client.get('/api/jobs');
      await expect(
        Promise.race([response.then(() => 'job endpoint answered'), back]),
      ).resolves.toBe('job endpoint answered');
      expect((await response).status).toBe(503);
      expect((await response).headers.get('retry-after')).toBe('5');
      expect((await client.get('/api/customers')).status).toBe(200);
      await back;
    } finally {
      admin.disconnect();
      waiter.disconnect();
    }
    await waitFor(
      'Redis to answer again',
      async () => (await client.get('/api/jobs')).status === 200,
      10_000,
    );
  }, 30_000);

  it('keeps serving every non-job endpoint with Redis down; job endpoints answer 503; health is degraded', async () => {
    await redis.stop();

    expect((await client.get('/api/customers')).status).toBe(200);
    await newCustomer(client, 'During');
    expect((await client.get('/api/analytics')).status).toBe(200);

    // Answered while Redis is down (it stays down until the next test): no request waits for it.
    for (const request of [
      () => client.post<EnqueuedJobDto>('/api/jobs/aggregate', {}),
      () => client.get('/api/jobs'),
      () => client.get('/api/jobs/agg-1-2026-01-01-x'),
    ]) {
      const response = await request();
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.body).toEqual({
        error: 'Job queue temporarily unavailable, retry shortly',
        status_code: 503,
        request_id: expect.any(String),
      });
    }

    const health = await http.get<HealthBody>('/health');
    expect(health.status).toBe(200);
    expect(health.body.details.database.status).toBe('up');
    expect(health.body.details.redis).toMatchObject({ status: 'degraded' });
    const workerHealth = await new Http(worker.baseUrl).get<HealthBody>(
      '/health',
    );
    expect(workerHealth.status).toBe(503);
    expect(workerHealth.body.details.redis.status).toBe('down');
    // /metrics still answers (the queue gauges are just absent), and says Redis is down
    // (the RedisDown alert), within the PING's bound.
    const metrics = await http.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^redis_up 0$/m);
  }, 30_000);

  it('resumes without a restart once Redis is back: enqueue, process, report', async () => {
    await redis.start();
    let enqueued = await client.post<EnqueuedJobDto>('/api/jobs/aggregate', {});
    await waitFor(
      'job endpoints to answer again',
      async () => {
        enqueued = await client.post<EnqueuedJobDto>('/api/jobs/aggregate', {});
        return enqueued.status === 202;
      },
      15_000,
    );
    await jobInState(client, enqueued.body.job_id, 'completed', 15_000);
    expect((await http.get<HealthBody>('/health')).body.details.redis).toEqual({
      status: 'up',
    });
    expect(
      (await new Http(worker.baseUrl).get<HealthBody>('/health')).status,
    ).toBe(200);
  }, 40_000);
});

describe('when Redis is down at start-up', () => {
  let redis: OwnRedisServer;
  let api: TestApp;

  beforeAll(async () => {
    redis = await OwnRedisServer.start();
    await redis.stop();
    api = await startTestApp(
      redisTestEnv(uniquePrefix('down-at-start'), redis.url),
    );
  }, 30_000);

  afterAll(async () => {
    await stopAll(api, redis);
  }, 30_000);

  it('starts and serves, answers 503 on job endpoints, and enqueues once Redis appears', async () => {
    const { client } = await signUp(new Http(api.baseUrl), 'late-redis');
    expect((await client.get('/api/customers')).status).toBe(200);
    expect(
      (await client.post<EnqueuedJobDto>('/api/jobs/aggregate', {})).status,
    ).toBe(503);
    await redis.start();
    await waitFor(
      'job endpoints to answer',
      async () =>
        (await client.post<EnqueuedJobDto>('/api/jobs/aggregate', {}))
          .status === 202,
      15_000,
    );
    expect((await client.get('/api/jobs')).body).toHaveLength(1);
  }, 30_000);
});
