import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EnvironmentError, parseEnv } from './parse-env.js';

Logger.overrideLogger(false);

/** The message parseEnv throws for `env` ('' when it accepts it). */
function refusal(env: Record<string, string>): string {
  try {
    parseEnv(env);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentError);
    return (error as Error).message;
  }
}

/** The variables named by the message's lines (`  NAME: what is wrong`). */
const named = (message: string) =>
  [...message.matchAll(/^ {2}([A-Z0-9_]+): /gm)].map((match) => match[1]);

describe('parseEnv', () => {
  it('gives every section its defaults from an empty environment', () => {
    const config = parseEnv({});
    expect(config.app).toEqual({
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      portalDir: resolve('frontend/dist/portal/browser'),
      corsOrigins: [],
      logLevel: 'info',
      requestTimeoutMs: 15_000,
      trustProxy: 0,
      dataDir: resolve('.data'),
      listDefaultLimit: 1000,
    });
    expect(config.database).toEqual({
      primary: null,
      analyticsUrls: [],
      routing: 'explicit',
      poolMax: 10,
      analyticsPoolMax: 10,
      statementTimeoutMs: 5000,
      causalReads: true,
      causalWaitMs: 50,
      replicaMaxLagMs: 5000,
      replicaStatusIntervalMs: 200,
      embeddedFollowers: 1,
      redisUrl: undefined,
      redisTlsRejectUnauthorized: false,
      connectTimeoutMs: 3000,
      forceSsl: false,
      seed: false,
    });
    expect(config.jobs).toEqual({
      redisUrl: undefined,
      redisTlsRejectUnauthorized: false,
      prefix: 'bull',
      pgSchema: 'pgboss',
      concurrency: { critical: 6, default: 3, low: 1 },
      attempts: 3,
      backoffMs: 1000,
      schedule: '0 * * * *',
      workerPort: 3001,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      maxStalledCount: 1,
      shutdownGraceMs: 25_000,
      pollIntervalMs: 1000,
      workerInApi: false,
    });
    expect(config.worker).toEqual({ host: '0.0.0.0', logLevel: 'info' });
    // The defaults (the secret is the environment's own).
    expect(config.auth).toMatchObject({
      jwtExpiresIn: 900,
      refreshTokenTtlSeconds: 30 * 86_400,
      throttleLimit: 10,
      throttleTtlMs: 60_000,
      loginFailureLimit: 10,
      loginFailureWindowSeconds: 900,
    });
  });

  it('types what it reads: numbers, booleans, lists, the schedule, the resolved database URLs', () => {
    const config = parseEnv({
      NODE_ENV: 'test',
      PORT: '8080',
      CORS_ORIGINS: ' https://a.example , https://b.example ,',
      TRUST_PROXY: '1',
      DB_POOL_MAX: '25',
      DB_ROUTING: 'replication',
      DATABASE_SSL: 'true',
      DATABASE_URL: 'postgres://leader/db',
      ANALYTICS_DB_URL: 'postgres://f1/db, postgres://f2/db',
      AUTH_THROTTLE_TTL_SECONDS: '30',
      AGGREGATE_SCHEDULE: 'off',
      JOBS_CONCURRENCY_LOW: '4',
      JOBS_WORKER_IN_API: 'true',
      LIST_DEFAULT_LIMIT: '',
    });
    expect(config.app).toMatchObject({
      env: 'test',
      port: 8080,
      corsOrigins: ['https://a.example', 'https://b.example'],
      trustProxy: 1,
      logLevel: 'silent',
    });
    expect(config.app.listDefaultLimit).toBe(1000);
    expect(config.database).toMatchObject({
      primary: { url: 'postgres://leader/db', source: 'DATABASE_URL' },
      analyticsUrls: ['postgres://f1/db', 'postgres://f2/db'],
      poolMax: 25,
      routing: 'replication',
      forceSsl: true,
    });
    expect(config.auth.throttleTtlMs).toBe(30_000);
    expect(config.jobs).toMatchObject({
      schedule: null,
      concurrency: { critical: 6, default: 3, low: 4 },
      workerInApi: true,
    });
  });

  it('returns a frozen configuration, all the way down', () => {
    const config = parseEnv({ CORS_ORIGINS: 'https://a.example' });
    expect(Object.isFrozen(config)).toBe(true);
    for (const section of Object.values(config))
      expect(Object.isFrozen(section)).toBe(true);
    expect(Object.isFrozen(config.app.corsOrigins)).toBe(true);
    expect(Object.isFrozen(config.jobs.concurrency)).toBe(true);
  });

  it('refuses the values the worker used to accept, naming each: DB_POOL_MAX=lots, DB_ROUTING=magic', () => {
    const message = refusal({ DB_POOL_MAX: 'lots', DB_ROUTING: 'magic' });
    expect(message).toMatch(/^Invalid environment:\n/);
    expect(named(message).sort()).toEqual(['DB_POOL_MAX', 'DB_ROUTING']);
    expect(message).toContain(
      'DB_ROUTING: DB_ROUTING must be one of the following values: explicit, replication',
    );
    expect(message).toMatch(
      /^ {2}DB_POOL_MAX: .*DB_POOL_MAX must be an integer number$/m,
    );
  });

  it('lists every bad variable, one line each, across the api, database and jobs variables', () => {
    const bad = {
      PORT: '70000',
      LOG_LEVEL: 'loud',
      DB_STATEMENT_TIMEOUT_MS: 'soon',
      REFRESH_TOKEN_TTL_SECONDS: '10',
      LOGIN_FAILURE_LIMIT: '0',
      TRUST_PROXY: 'true',
      REDIS_URL: 'localhost:6379',
      JOBS_CONCURRENCY_CRITICAL: '0',
      AGGREGATE_SCHEDULE: 'sometimes',
      JOBS_PG_SCHEMA: 'Bad-Schema',
      WORKER_PORT: 'x',
    };
    const message = refusal({
      ...bad,
      HOST: '127.0.0.1',
      JWT_EXPIRES_IN: '900',
    });
    expect(named(message).sort()).toEqual(Object.keys(bad).sort());
    expect(message.split('\n')).toHaveLength(1 + Object.keys(bad).length);
    expect(message).toContain(
      'AGGREGATE_SCHEDULE: AGGREGATE_SCHEDULE must be a cron pattern (UTC), e.g. "0 * * * *", or "off"',
    );
    expect(message).toContain(
      'REDIS_URL: REDIS_URL must be a redis:// or rediss:// URL',
    );
  });

  it('requires a JWT_SECRET of at least 32 characters in production', () => {
    expect(named(refusal({ NODE_ENV: 'production' }))).toEqual(['JWT_SECRET']);
    expect(refusal({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toContain(
      'at least 32 characters',
    );
    expect(
      refusal({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }),
    ).toBe('');
    expect(parseEnv({ JWT_SECRET: 'y'.repeat(40) }).auth.jwtSecret).toBe(
      'y'.repeat(40),
    );
  });

  it('bounds LIST_DEFAULT_LIMIT by what a client may ask for (1-1000) and TRUST_PROXY to 0-10 hops', () => {
    for (const value of ['1', '1000'])
      expect(refusal({ LIST_DEFAULT_LIMIT: value })).toBe('');
    for (const value of ['0', '1001', 'all', '50.5'])
      expect(named(refusal({ LIST_DEFAULT_LIMIT: value }))).toEqual([
        'LIST_DEFAULT_LIMIT',
      ]);
    for (const value of ['0', '10'])
      expect(refusal({ TRUST_PROXY: value })).toBe('');
    for (const value of ['true', '11', '-1'])
      expect(named(refusal({ TRUST_PROXY: value }))).toEqual(['TRUST_PROXY']);
  });

  it('accepts what the jobs variables allow', () => {
    expect(
      refusal({
        REDIS_URL: 'rediss://:secret@h:6380',
        AGGREGATE_SCHEDULE: '*/10 * * * *',
        JOBS_PREFIX: 'bull-1',
        WORKER_PORT: '3001',
      }),
    ).toBe('');
    expect(parseEnv({ REDIS_URL: 'redis://h:6379' }).jobs.redisUrl).toBe(
      'redis://h:6379',
    );
  });

  it('refuses several Heroku database URLs without DATABASE_URL in the same list as the other variables', () => {
    const message = refusal({
      HEROKU_POSTGRESQL_RED_URL: 'postgres://r/db',
      HEROKU_POSTGRESQL_BLUE_URL: 'postgres://b/db',
      DB_POOL_MAX: '1',
    });
    expect(named(message).sort()).toEqual(['DATABASE_URL', 'DB_POOL_MAX']);
    expect(message).toContain(
      'HEROKU_POSTGRESQL_BLUE_URL, HEROKU_POSTGRESQL_RED_URL',
    );
  });

  it('generates the development JWT secret into DATA_DIR on first read only, once', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'config-'));
    try {
      const config = parseEnv({ DATA_DIR: dataDir });
      expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false); // parsing (check, the worker) writes nothing
      const secret = config.auth.jwtSecret;
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(secret);
      expect(config.auth.jwtSecret).toBe(secret);
      expect(parseEnv({ DATA_DIR: dataDir }).auth.jwtSecret).toBe(secret); // survives a restart
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('reads the metrics protection: METRICS_TOKEN (16+ characters) and METRICS_PORT (not a public port)', () => {
    expect(parseEnv({}).metrics).toEqual({ token: undefined, port: undefined });
    expect(
      parseEnv({
        METRICS_TOKEN: 'a-scrape-token-of-32-characters!',
        METRICS_PORT: '9464',
      }).metrics,
    ).toEqual({ token: 'a-scrape-token-of-32-characters!', port: 9464 });
    for (const token of ['short', 'sixteen or more but spaced'])
      expect(refusal({ METRICS_TOKEN: token })).toMatch(
        /^ {2}METRICS_TOKEN: METRICS_TOKEN must be at least 16 printable characters, no spaces/m,
      );
    expect(named(refusal({ METRICS_PORT: 'x' }))).toEqual(['METRICS_PORT']);
    expect(refusal({ METRICS_PORT: '3000' })).toContain(
      'METRICS_PORT: must differ from PORT (3000)',
    );
    expect(refusal({ METRICS_PORT: '9000', WORKER_PORT: '9000' })).toContain(
      'METRICS_PORT: must differ from WORKER_PORT (9000)',
    );
  });

  it('reads the traces settings: off without OTEL_EXPORTER_OTLP_ENDPOINT, the standard variables validated', () => {
    expect(parseEnv({}).tracing).toEqual({
      endpoint: undefined,
      protocol: 'http/protobuf',
      serviceName: undefined,
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
    });
    expect(
      parseEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'api-eu',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }).tracing,
    ).toEqual({
      endpoint: 'http://jaeger:4318',
      protocol: 'http/json',
      serviceName: 'api-eu',
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
    });
    // docker-compose passes an unset variable as blank: off too.
    expect(
      parseEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }).tracing.endpoint,
    ).toBeUndefined();
    expect(
      named(
        refusal({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318',
          OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
          OTEL_SERVICE_NAME: 'two words',
          OTEL_TRACES_SAMPLER: 'sometimes',
          OTEL_TRACES_SAMPLER_ARG: '1.5',
        }),
      ),
    ).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      'OTEL_SERVICE_NAME',
      'OTEL_TRACES_SAMPLER',
      'OTEL_TRACES_SAMPLER_ARG',
    ]);
  });

  it('reads nothing but the environment it is given', () => {
    process.env.DB_POOL_MAX = 'lots';
    try {
      expect(parseEnv({}).database.poolMax).toBe(10);
    } finally {
      delete process.env.DB_POOL_MAX;
    }
  });
});
