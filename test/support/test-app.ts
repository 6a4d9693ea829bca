import { afterAll, beforeAll } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseEnv } from '@app/config';
import { ROUTING_METRIC_NAMES } from '@app/database';
import { JOB_METRIC_NAMES } from '@app/jobs';
import { register } from 'prom-client';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureApp, createAdapter } from '../../apps/api/src/app.setup.js';
import {
  HTTP_REQUEST_DURATION,
  HTTP_REQUESTS_TOTAL,
} from '../../apps/api/src/metrics/http-metrics.js';
import { DB_POOL_CONNECTIONS } from '../../apps/api/src/metrics/pool-metrics.js';
import type pg from 'pg';
import { Http, signUp } from './http.js';
import { uniqueJobsSchema } from './jobs.js';
import { connectLeader, orgFingerprint } from './org-state.js';

export type EnvOverrides = Record<string, string | undefined>;

/**
 * The environment every test app starts from: the test database, quiet logs, lenient throttling,
 * and no aggregation schedule (an hourly fan-out fired in whichever suite runs at minute 0 would
 * aggregate every organization of the shared database there; the schedule's own tests set one).
 */
export function baseTestEnv(): EnvOverrides {
  return {
    NODE_ENV: 'test',
    AGGREGATE_SCHEDULE: 'off',
    DATABASE_URL: process.env.TEST_DATABASE_URL,
    ANALYTICS_DB_URL: process.env.TEST_ANALYTICS_DB_URL,
    DB_ROUTING: 'explicit',
    JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long',
    AUTH_THROTTLE_LIMIT: '100000',
    LOG_LEVEL: 'silent',
    SEED_DATA: 'false',
  };
}

/** Applies env overrides (undefined deletes) for the duration of `work`, then restores. */
export async function withEnv<T>(
  overrides: EnvOverrides,
  work: () => Promise<T>,
): Promise<T> {
  const saved: EnvOverrides = {};
  for (const [key, value] of Object.entries(overrides)) {
    saved[key] = process.env[key];
    if (value === undefined) Reflect.deleteProperty(process.env, key);
    else process.env[key] = value;
  }
  try {
    return await work();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  }
}

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real application (same module, adapter and setup as main.ts), listening on a free port. */
export async function startTestApp(
  overrides: EnvOverrides = {},
): Promise<TestApp> {
  // prom-client keeps one global registry: a second app in the same test file must not find the
  // first app's metrics (their collect() would read the first app's pools).
  for (const name of [
    HTTP_REQUESTS_TOTAL,
    HTTP_REQUEST_DURATION,
    DB_POOL_CONNECTIONS,
    ...JOB_METRIC_NAMES,
    ...ROUTING_METRIC_NAMES,
  ])
    register.removeSingleMetric(name);
  const app = await withEnv({ ...baseTestEnv(), ...overrides }, async () => {
    // As main.ts does: the environment parsed once, the adapter and the module built from the result.
    const config = parseEnv(process.env);
    const created = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config),
      createAdapter(config.app),
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest declares its options as a class but reads them as a plain object
      { logger: false },
    );
    await configureApp(created);
    await created.listen({ port: 0, host: '127.0.0.1' });
    return created;
  });
  return running(app);
}

/** An app listening on 127.0.0.1 (port 0 picked a free one), with its URL. */
export function running(app: NestFastifyApplication): TestApp {
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: () => app.close(),
  };
}

/** One app for the enclosing `describe`: started before its tests, closed after them. */
export interface SuiteApp {
  readonly testApp: TestApp;
  /** A signed-out client of the app. */
  readonly http: Http;
}

/**
 * Registers `beforeAll`/`afterAll` that start the real app (with `overrides`) for the enclosing
 * `describe` and close it; read `testApp` and `http` inside the tests, once the app runs.
 */
export function useTestApp(overrides: EnvOverrides = {}): SuiteApp {
  let started: { testApp: TestApp; http: Http } | undefined;
  const current = () => {
    if (!started)
      throw new Error(
        'useTestApp: the app starts in beforeAll; read it inside a test',
      );
    return started;
  };
  beforeAll(async () => {
    const testApp = await startTestApp(overrides);
    started = { testApp, http: new Http(testApp.baseUrl) };
  });
  afterAll(() => started?.testApp.close());
  return {
    get testApp() {
      return current().testApp;
    },
    get http() {
      return current().http;
    },
  };
}

/**
 * useTestApp, plus a new organization of the suite's own whose admin is signed in: `api`, for
 * suites that act as one user (signed up in the same beforeAll order, so later hooks can use it).
 */
export function useSignedInApp(
  prefix: string,
  overrides: EnvOverrides = {},
): SuiteApp & { readonly api: Http } {
  const suite = useTestApp(overrides);
  let api: Http | undefined;
  beforeAll(async () => {
    ({ client: api } = await signUp(suite.http, prefix));
  });
  return {
    get testApp() {
      return suite.testApp;
    },
    get http() {
      return suite.http;
    },
    get api() {
      if (!api)
        throw new Error(
          'useSignedInApp: the user signs up in beforeAll; read it inside a test',
        );
      return api;
    },
  };
}

/** A test app whose jobs run in-process, with a connection to the leader beside it. */
export interface AppWithLeader {
  testApp: TestApp;
  /** A signed-out client of the app. */
  http: Http;
  /** The test's own connection to the leader: fingerprints, direct reads. */
  leader: pg.Client;
  /** orgFingerprint (org-state.ts) of one organization, its jobs counted in this app's pg-boss schema. */
  fingerprint(organizationId: number): Promise<string>;
  /** Closes the app, drops its pg-boss schema, ends the connection. */
  close(): Promise<void>;
}

/**
 * The real app with its jobs in-process (pg-boss on the primary, no Redis) in a pg-boss schema of
 * its own and with no schedule, so that an organization's jobs are only those its own requests
 * enqueue, and no app of another test file runs them (it could be closing while it does); with a
 * connection to the leader of the test's own.
 */
export async function startAppWithLeader(): Promise<AppWithLeader> {
  const jobsSchema = uniqueJobsSchema('app');
  const testApp = await startTestApp({
    REDIS_URL: undefined,
    JOBS_PG_SCHEMA: jobsSchema,
    AGGREGATE_SCHEDULE: 'off',
  });
  const leader = await connectLeader().catch(async (error: unknown) => {
    await testApp.close();
    throw error;
  });
  return {
    testApp,
    http: new Http(testApp.baseUrl),
    leader,
    fingerprint: (organizationId) =>
      orgFingerprint(leader, organizationId, jobsSchema),
    close: async () => {
      try {
        await testApp.close();
        await leader.query(`DROP SCHEMA IF EXISTS ${jobsSchema} CASCADE`);
      } finally {
        await leader.end();
      }
    },
  };
}
