import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { ROUTING_METRIC_NAMES } from '@app/database';
import { METRICS_UNPROTECTED_WARNING } from '@app/common';
import { register } from 'prom-client';
import type { ErrorResponseDto } from '../../apps/api/src/common/error-response.dto.js';
import { Http } from '../support/http.js';
import { freePort, type Running, start, stop } from '../support/processes.js';
import {
  redisTestEnv,
  removePrefix,
  startTestWorker,
  uniquePrefix,
} from '../support/redis.js';
import { stopAll } from '../support/stop-all.js';
import {
  baseTestEnv,
  type EnvOverrides,
  startTestApp,
  type TestApp,
} from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

const TOKEN = 'metrics-token-for-the-e2e-tests-0123456789';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The contract's error shape, as every refusal of /metrics must answer. */
function expectRefusal(
  response: { status: number; body: unknown },
  status: number,
): void {
  expect(response.status).toBe(status);
  expect(response.body).toEqual({
    error: expect.any(String),
    status_code: status,
    request_id: expect.any(String),
  });
  expect(JSON.stringify(response.body)).not.toContain(TOKEN);
}

/** What a token-protected /metrics must refuse: no header, wrong tokens, other schemes. */
async function expectTokenRequired(http: Http): Promise<void> {
  expectRefusal(await http.get<ErrorResponseDto>('/metrics'), 401);
  for (const authorization of [
    'Bearer wrong-token-of-some-length-0123456789',
    `Bearer ${TOKEN}x`,
    `Bearer ${TOKEN.slice(0, -1)}`,
    `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`,
    TOKEN,
    'Bearer',
  ])
    expectRefusal(
      await http.get<ErrorResponseDto>('/metrics', { authorization }),
      401,
    );
  const allowed = await http.get('/metrics', bearer(TOKEN));
  expect(allowed.status).toBe(200);
  expect(allowed.headers.get('content-type')).toContain('text/plain');
  expect(allowed.text).toMatch(/^process_cpu_user_seconds_total /m);
}

/** The worker app in this process; the api's metric collectors of an earlier suite are dropped. */
function startWorker(overrides: EnvOverrides) {
  for (const name of ROUTING_METRIC_NAMES) register.removeSingleMetric(name);
  return startTestWorker(overrides);
}

describe('/metrics in production with METRICS_TOKEN', () => {
  let api: TestApp | undefined;

  beforeAll(async () => {
    api = await startTestApp({ NODE_ENV: 'production', METRICS_TOKEN: TOKEN });
  });
  afterAll(() => stopAll(api));

  it('answers 401 (contract shape) without the token or with a wrong one, and 200 with it', async () => {
    const http = new Http(api?.baseUrl ?? '');
    await expectTokenRequired(http);
    const metrics = (await http.get('/metrics', bearer(TOKEN))).text;
    // The refusals were counted like any response.
    expect(metrics).toMatch(
      /^http_requests_total\{method="GET",route="\/metrics",status_code="401"\} \d+/m,
    );
    expect((await http.get('/health')).status).toBe(200); // probes need no token
  });
});

describe('/metrics with METRICS_PORT', () => {
  let api: TestApp | undefined;
  let metricsPort = 0;

  beforeAll(async () => {
    metricsPort = await freePort();
    api = await startTestApp({
      NODE_ENV: 'production',
      METRICS_PORT: String(metricsPort),
    });
  });
  afterAll(() => stopAll(api));

  it('serves /metrics on its own listener, and the public port answers 404 for it', async () => {
    const publicPort = new Http(api?.baseUrl ?? '');
    expect((await publicPort.get('/health')).status).toBe(200);
    expectRefusal(await publicPort.get('/metrics'), 404);
    expectRefusal(await publicPort.get('/metrics', bearer(TOKEN)), 404);

    const own = new Http(`http://127.0.0.1:${metricsPort}`);
    const metrics = await own.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    // The same registry: the public port's requests are in it.
    expect(metrics.text).toMatch(
      /^http_requests_total\{method="GET",route="\/health",status_code="200"\} \d+/m,
    );
    expectRefusal(await own.get('/health'), 404);
    expectRefusal(await own.get('/api/customers'), 404);
  });
});

describe('/metrics with METRICS_PORT and METRICS_TOKEN', () => {
  let api: TestApp | undefined;
  let metricsPort = 0;

  beforeAll(async () => {
    metricsPort = await freePort();
    api = await startTestApp({
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: TOKEN,
    });
  });
  afterAll(async () => {
    await stopAll(api);
  });

  it('requires the token on the metrics listener too, and closes it with the app', async () => {
    await expectTokenRequired(new Http(`http://127.0.0.1:${metricsPort}`));
    await stopAll(api);
    api = undefined;
    await expect(
      fetch(`http://127.0.0.1:${metricsPort}/metrics`),
    ).rejects.toThrow();
  });
});

describe("the worker's probe port", () => {
  const prefix = uniquePrefix('metrics');
  afterAll(() => removePrefix(prefix));

  it('with METRICS_TOKEN: /metrics needs it, /health does not', async () => {
    const worker = await startWorker({
      ...redisTestEnv(prefix),
      NODE_ENV: 'production',
      METRICS_TOKEN: TOKEN,
    });
    try {
      const http = new Http(worker.baseUrl);
      expect((await http.get('/health')).status).toBe(200);
      await expectTokenRequired(http);
      expect((await http.get('/metrics', bearer(TOKEN))).text).toMatch(
        /^job_queue_jobs\{queue="critical",state="waiting"\} \d+/m,
      );
    } finally {
      await worker.close();
    }
  });

  it('with METRICS_PORT: /metrics there, 404 on the probe port', async () => {
    const metricsPort = await freePort();
    const worker = await startWorker({
      ...redisTestEnv(prefix),
      NODE_ENV: 'production',
      METRICS_PORT: String(metricsPort),
    });
    try {
      const http = new Http(worker.baseUrl);
      expect((await http.get('/health')).status).toBe(200);
      expectRefusal(await http.get('/metrics'), 404);
      const metrics = await new Http(`http://127.0.0.1:${metricsPort}`).get(
        '/metrics',
      );
      expect(metrics.status).toBe(200);
      expect(metrics.text).toMatch(/^redis_up 1$/m);
    } finally {
      await worker.close();
    }
  });
});

/** The built api and worker (as production runs them): the start-up warning, in their logs. */
describe('the start-up warning in production', () => {
  const prefix = uniquePrefix('metrics-warn');
  const children: Running[] = [];

  beforeAll(() => {
    for (const bundle of ['dist/apps/api/main.js', 'dist/apps/worker/main.js'])
      if (!existsSync(bundle))
        throw new Error(
          `${bundle} is missing: run \`nest build api && nest build worker\` (npm test does)`,
        );
  });
  afterAll(async () => {
    for (const child of children.splice(0)) await stop(child);
    await removePrefix(prefix);
  });

  async function started(
    bundle: string,
    env: EnvOverrides,
    ready: string,
  ): Promise<string> {
    const child = start(process.execPath, [bundle], {
      env: {
        ...process.env,
        ...baseTestEnv(),
        ...redisTestEnv(prefix),
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        ...env,
      },
    });
    children.push(child);
    await waitFor(
      `${bundle} to log "${ready}"`,
      () => Promise.resolve(child.output().includes(ready)),
      30_000,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${child.output()}`);
    });
    await stop(child);
    return child.output();
  }

  it('names METRICS_TOKEN and METRICS_PORT when neither is set, and is quiet when one is', async () => {
    const api = async (env: EnvOverrides) =>
      started(
        'dist/apps/api/main.js',
        { PORT: String(await freePort()), ...env },
        'listening on',
      );
    const worker = async (env: EnvOverrides) =>
      started(
        'dist/apps/worker/main.js',
        { WORKER_PORT: String(await freePort()), ...env },
        'worker ready',
      );
    expect(METRICS_UNPROTECTED_WARNING).toContain('METRICS_TOKEN');
    expect(METRICS_UNPROTECTED_WARNING).toContain('METRICS_PORT');
    for (const run of [api, worker]) {
      expect(await run({})).toContain(METRICS_UNPROTECTED_WARNING);
      expect(await run({ METRICS_TOKEN: TOKEN })).not.toContain(
        METRICS_UNPROTECTED_WARNING,
      );
      expect(
        await run({ METRICS_PORT: String(await freePort()) }),
      ).not.toContain(METRICS_UNPROTECTED_WARNING);
    }
  }, 120_000);
});
