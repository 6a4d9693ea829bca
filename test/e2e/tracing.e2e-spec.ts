import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobView } from '@app/jobs';
import { ROOT } from '../deploy/deploy-support.js';
import { Http, type HttpResponse, signUp } from '../support/http.js';
import { uniqueJobsSchema } from '../support/jobs.js';
import { routeOf } from '../support/lagging-cluster.js';
import {
  OtlpReceiver,
  type ReceivedSpan,
  SPAN_KIND,
} from '../support/otlp-receiver.js';
import { present } from '../support/present.js';
import { freePort, type Running, start, stop } from '../support/processes.js';
import { removePrefix, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { baseTestEnv, type EnvOverrides } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

const PRELOAD = ['--import', './test/support/loaded-modules.mjs'];

/** A built process (dist/, as the Procfile runs it) and where it answers. */
interface Process {
  running: Running;
  http: Http;
  /** Where its preload writes the modules it loaded, at exit. */
  modulesFile: string;
}

/** Starts several at once; if one fails to start, the others are stopped before the error is thrown. */
async function spawnAll(
  ...specs: [bundle: 'api' | 'worker', env: EnvOverrides][]
): Promise<Process[]> {
  const settled = await Promise.allSettled(
    specs.map(([bundle, env]) => spawnBuilt(bundle, env)),
  );
  const failed = settled.find((result) => result.status === 'rejected');
  if (!failed)
    return settled.map(
      (result) => (result as PromiseFulfilledResult<Process>).value,
    );
  for (const result of settled)
    if (result.status === 'fulfilled') await stop(result.value.running);
  throw failed.reason;
}

const scratch = mkdtempSync(join(tmpdir(), 'tracing-e2e-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

async function spawnBuilt(
  bundle: 'api' | 'worker',
  env: EnvOverrides,
): Promise<Process> {
  const port = await freePort();
  const modulesFile = join(scratch, `${bundle}-${port}.json`);
  const running = start(
    process.execPath,
    [...PRELOAD, `dist/apps/${bundle}/main.js`],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/root',
        ...baseTestEnv(),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        LOADED_MODULES_FILE: modulesFile,
        ...(bundle === 'api'
          ? { PORT: String(port) }
          : { WORKER_PORT: String(port) }),
        ...env,
      },
    },
  );
  const http = new Http(`http://127.0.0.1:${port}`);
  // A process that never answers is stopped here: nobody else holds it to stop it later.
  await waitFor(
    `the ${bundle} to answer /health`,
    async () => {
      if (running.child.exitCode !== null)
        throw new Error(
          `the ${bundle} exited (${running.child.exitCode}):\n${running.output()}`,
        );
      return (await http.get('/health').catch(() => undefined))?.status === 200;
    },
    // Three built processes start at once (two loading the SDK and hooking their imports): on
    // 2 cores beside another suite, 30 s was outlived once.
    75_000,
  ).catch(async (error: unknown) => {
    await stop(running);
    throw error;
  });
  return { running, http, modulesFile };
}

/** Stops the process (SIGTERM: a clean exit) and returns every module it had loaded. */
async function modulesLoadedBy(process_: Process): Promise<string[]> {
  expect(await stop(process_.running)).toBe(0);
  return JSON.parse(readFileSync(process_.modulesFile, 'utf8')) as string[];
}

/** The api's log line for a request (http/request-log.ts), by the X-Request-Id the response carried. */
function logLineOf(
  api: Process,
  response: HttpResponse,
): Record<string, unknown> {
  const requestId = present(
    response.headers.get('x-request-id'),
    'X-Request-Id',
  );
  for (const line of api.running.output().split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as Record<string, unknown>;
    if (
      (entry.req as { id?: string } | undefined)?.id === requestId &&
      entry.msg === 'request completed'
    )
      return entry;
  }
  throw new Error(
    `no log line for request ${requestId}:\n${api.running.output()}`,
  );
}

/** The trace a request ran in, as its log line names it (the log line must carry it). */
async function traceOf(api: Process, response: HttpResponse): Promise<string> {
  let entry: Record<string, unknown> | undefined;
  await waitFor('the request to be logged', () => {
    try {
      entry = logLineOf(api, response);
      return Promise.resolve(true);
    } catch {
      return Promise.resolve(false);
    }
  });
  const line = present(entry, 'log line');
  expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
  expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
  return line.trace_id as string;
}

/** Waits for spans received that match, and returns them. */
async function received(
  receiver: OtlpReceiver,
  what: string,
  match: (span: ReceivedSpan) => boolean,
): Promise<ReceivedSpan[]> {
  await waitFor(
    what,
    () => Promise.resolve(receiver.spans.some(match)),
    15_000,
  ).catch((error: unknown) => {
    throw new Error(
      `${(error as Error).message}; received ${receiver.spans.length} span(s): ${receiver.spans
        .map((span) => `${span.service}/${span.name}`)
        .join(', ')}`,
    );
  });
  return receiver.spans.filter(match);
}

const portOf = (url: string) => Number(new URL(url).port || 5432);

/** The statement spans (pg.query) of a trace, not the pool's connect spans. */
const statementsIn = (spans: ReceivedSpan[]) =>
  spans.filter(
    (span) =>
      span.attributes['db.system.name'] === 'postgresql' &&
      span.name.startsWith('pg.query'),
  );

/**
 * Traces, end to end: the built api and worker export OTLP (http/json) to a receiver this test
 * runs, through the real SDK, exporter and instrumentations (Jest's own module system could not
 * load them as the built ESM bundles do).
 */
describe('traces (OTEL_EXPORTER_OTLP_ENDPOINT set): the built api and worker', () => {
  const prefix = uniquePrefix('traces');
  const leaderPort = portOf(present(process.env.TEST_DATABASE_URL, 'leader'));
  const followerPorts = present(process.env.TEST_ANALYTICS_DB_URL, 'followers')
    .split(',')
    .map(portOf);
  let receiver: OtlpReceiver;
  let api: Process;
  let worker: Process;
  let inProcess: Process;

  beforeAll(async () => {
    for (const bundle of ['dist/apps/api/main.js', 'dist/apps/worker/main.js'])
      if (!existsSync(`${ROOT}/${bundle}`))
        throw new Error(
          `${bundle} is missing: run npm run build (npm test does)`,
        );
    receiver = await OtlpReceiver.start();
    const tracing = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      // No waiting for a follower to catch up: a read right after a write goes to the leader.
      CAUSAL_WAIT_MS: '0',
    };
    const redis = {
      REDIS_URL: testRedisUrl(),
      JOBS_PREFIX: prefix,
      AGGREGATE_SCHEDULE: 'off',
    };
    [api, worker, inProcess] = await spawnAll(
      ['api', { ...tracing, ...redis }],
      ['worker', { ...tracing, ...redis }],
      // Jobs on pg-boss, run by the api itself.
      [
        'api',
        {
          ...tracing,
          REDIS_URL: undefined,
          JOBS_PG_SCHEMA: uniqueJobsSchema('traces'),
          OTEL_SERVICE_NAME: 'api-in-process',
        },
      ],
    );
  }, 120_000);

  afterAll(async () => {
    // Unset when beforeAll failed early.
    for (const running of [api, worker, inProcess] as (Process | undefined)[])
      await stop(running?.running);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed early
    await receiver?.close();
    await removePrefix(prefix);
  }, 60_000);

  it('an analytics read: the HTTP server span and the span of its statement, marked with the follower that answered and why, in the trace its log line names', async () => {
    const { client } = await signUp(api.http, 'traces-follower');
    let response: HttpResponse | undefined;
    await waitFor('a follower to serve the read', async () => {
      response = await client.get('/api/analytics');
      return routeOf(response).servedBy === 'follower';
    });
    const route = routeOf(present(response, 'response'));
    const traceId = await traceOf(api, present(response, 'response'));

    const [server] = await received(
      receiver,
      'the HTTP server span of the read',
      (span) => span.traceId === traceId && span.kind === SPAN_KIND.server,
    );
    expect(server).toMatchObject({
      service: 'api',
      scope: '@opentelemetry/instrumentation-http',
      attributes: expect.objectContaining({
        'http.route': '/api/analytics',
        'http.response.status_code': 200,
      }),
    });
    const [statement] = await received(
      receiver,
      'the span of the routed statement',
      (span) =>
        span.traceId === traceId && span.attributes['db.role'] === 'follower',
    );
    expect(statement.kind).toBe(SPAN_KIND.client);
    expect(statement.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.role': 'follower',
      'db.replica': route.replica,
      'db.routing.reason': route.reason,
      // ...and it is that follower which answered.
      'server.port':
        followerPorts[Number(present(route.replica, 'replica')) - 1],
    });
    // The Fastify request span sits between the HTTP span and the statement.
    expect(
      receiver.inTrace(traceId).some((span) => span.scope === '@fastify/otel'),
    ).toBe(true);
  });

  it('a read right after a write goes to the leader: its span says leader and why, and the write’s spans say leader', async () => {
    const { client } = await signUp(api.http, 'traces-leader');
    const customer = await client.post<{ id: number }>('/api/customers', {
      name: 'Traced',
      email: `traced-${randomUUID().slice(0, 8)}@x.example`,
    });
    expect(customer.status).toBe(201);
    let read: HttpResponse | undefined;
    let write: HttpResponse | undefined;
    // A follower's status read could land between the write and the read (every 200 ms): retry.
    for (let attempt = 0; attempt < 10; attempt += 1) {
      write = await client.post('/api/accounts', {
        customer_id: customer.body.id,
        name: `account ${attempt}`,
        status: 'active',
      });
      expect(write.status).toBe(201);
      read = await client.get('/api/analytics');
      if (routeOf(read).servedBy === 'leader') break;
    }
    const route = routeOf(present(read, 'read'));
    expect(route.servedBy).toBe('leader');

    const traceId = await traceOf(api, present(read, 'read'));
    const [statement] = await received(
      receiver,
      'the span of the statement the leader answered',
      (span) =>
        span.traceId === traceId && 'db.routing.reason' in span.attributes,
    );
    expect(statement.attributes).toMatchObject({
      'db.role': 'leader',
      'db.routing.reason': route.reason,
      'server.port': leaderPort,
    });
    expect(statement.attributes).not.toHaveProperty('db.replica');

    // The write's statements (not routed reads) are told by their server: the leader.
    const writeTrace = await traceOf(api, present(write, 'write'));
    const inserts = statementsIn(
      await received(
        receiver,
        'the spans of the write',
        (span) =>
          span.traceId === writeTrace &&
          String(span.attributes['db.query.text']).includes(
            'INSERT INTO accounts',
          ),
      ),
    );
    expect(inserts[0].attributes).toMatchObject({
      'db.role': 'leader',
      'server.port': leaderPort,
    });
  });

  it.each([
    ['BullMQ, run by the worker', 'bullmq', 'worker'],
    ['pg-boss, run in the api', 'pg-boss', 'api-in-process'],
  ] as const)(
    'a job enqueued by a request (%s): its span links to the request’s trace, and the job’s data through the API is unchanged',
    async (_title, system, service) => {
      const producer = system === 'bullmq' ? api : inProcess;
      const { client } = await signUp(producer.http, `traces-${system}`);
      const enqueued = await client.post<JobView>('/api/jobs/aggregate', {});
      expect(enqueued.status).toBe(202);
      const requestTrace = await traceOf(producer, enqueued);

      const [job] = await received(
        receiver,
        `the span of job ${enqueued.body.job_id}`,
        (span) =>
          span.kind === SPAN_KIND.consumer &&
          span.attributes['messaging.message.id'] === enqueued.body.job_id,
      );
      expect(job).toMatchObject({
        service,
        name: `process ${enqueued.body.queue}`,
        attributes: expect.objectContaining({
          'messaging.system': system,
          'job.name': 'aggregate',
        }),
      });
      // A trace of its own, linked to a span of the request's trace.
      expect(job.traceId).not.toBe(requestTrace);
      expect(job.links).toHaveLength(1);
      expect(job.links[0].traceId).toBe(requestTrace);
      expect(
        receiver.inTrace(requestTrace).map((span) => span.spanId),
      ).toContain(job.links[0].spanId);
      // The job's own statements are in its trace, each saying which server answered.
      const statements = statementsIn(
        await received(
          receiver,
          'the statements of the job',
          (span) =>
            span.traceId === job.traceId && 'db.role' in span.attributes,
        ),
      );
      for (const statement of statements)
        expect(['leader', 'follower']).toContain(
          statement.attributes['db.role'],
        );

      // The trace context rides in the job's data, but the API shows the contract's fields only.
      const view = await client.get<JobView>(
        `/api/jobs/${enqueued.body.job_id}`,
      );
      expect(view.status).toBe(200);
      expect(view.body.data).toEqual({ date: expect.any(String) });
    },
  );
});

describe('traces off (no OTEL_EXPORTER_OTLP_ENDPOINT): no OpenTelemetry SDK, instrumentation or loader hook is loaded', () => {
  const prefix = uniquePrefix('untraced');

  afterAll(() => removePrefix(prefix));

  /**
   * OpenTelemetry's SDK, exporters, instrumentations and loader hooks. Not @opentelemetry/api: that
   * no-op facade (no SDK registered, nothing recorded) is required by prom-client itself, for
   * exemplars, in every process that has metrics, with tracing or without (as before tracing).
   */
  const isOtel = (url: string) =>
    /[\\/]node_modules[\\/](@opentelemetry[\\/](?!api[\\/])|import-in-the-middle[\\/]|require-in-the-middle[\\/]|@fastify[\\/]otel[\\/])/.test(
      url,
    );
  const isPg = (url: string) => /[\\/]node_modules[\\/]pg[\\/]/.test(url);

  it('the api and the worker serve without loading any of it; with the endpoint set, the same check sees them', async () => {
    const receiver = await OtlpReceiver.start();
    const redis = {
      REDIS_URL: testRedisUrl(),
      JOBS_PREFIX: prefix,
      AGGREGATE_SCHEDULE: 'off',
    };
    const [api, worker, traced] = await spawnAll(
      ['api', redis],
      ['worker', redis],
      [
        'api',
        {
          ...redis,
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        },
      ],
    ).catch(async (error: unknown) => {
      await receiver.close();
      throw error;
    });
    try {
      for (const process_ of [api, traced]) {
        const { client } = await signUp(process_.http, 'untraced');
        expect((await client.get('/api/analytics')).status).toBe(200);
        expect((await client.post('/api/jobs/aggregate', {})).status).toBe(202);
      }
      const [apiModules, workerModules, tracedModules] = await Promise.all([
        modulesLoadedBy(api),
        modulesLoadedBy(worker),
        modulesLoadedBy(traced),
      ]);
      // The check sees what is loaded: pg in all three, OpenTelemetry where tracing is on.
      for (const modules of [apiModules, workerModules, tracedModules])
        expect(modules.some(isPg)).toBe(true);
      for (const name of [
        '@opentelemetry/sdk-node',
        '@opentelemetry/instrumentation-pg',
        'import-in-the-middle',
      ])
        expect(
          tracedModules.filter(isOtel).some((url) => url.includes(name)),
        ).toBe(true);
      expect(apiModules.filter(isOtel)).toEqual([]);
      expect(workerModules.filter(isOtel)).toEqual([]);
    } finally {
      for (const process_ of [api, worker, traced])
        await stop(process_.running);
      await receiver.close();
    }
  }, 150_000);
});
