import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { resolve } from 'node:path';
import type { AllConfig, AuthConfig, TracingConfig } from './config.types.js';
import {
  DatabaseConfigError,
  type Env,
  resolveAnalyticsUrls,
  resolvePrimaryUrl,
  type ResolvedUrl,
} from './database-url.js';
import { developmentSecret } from './development-secret.js';
import { EnvironmentVariables } from './env.schema.js';
import { DEFAULT_LIST_LIMIT } from './list-limits.js';

/** The environment is invalid: `message` has one line per bad variable, naming it. */
export class EnvironmentError extends Error {
  constructor(readonly lines: string[]) {
    super(`Invalid environment:\n${lines.join('\n')}`);
    this.name = 'EnvironmentError';
  }
}

/** Freezes data properties all the way down; getters (auth.jwtSecret) are left unread. */
function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const descriptor of Object.values(
    Object.getOwnPropertyDescriptors(value),
  )) {
    const inner: unknown = descriptor.value;
    if (inner !== null && typeof inner === 'object') deepFreeze(inner);
  }
  return Object.freeze(value);
}

function authSection(vars: EnvironmentVariables, dataDir: string): AuthConfig {
  let generated: string | undefined;
  const jwtSecret = vars.JWT_SECRET;
  return {
    get jwtSecret(): string {
      return jwtSecret ?? (generated ??= developmentSecret(dataDir));
    },
    jwtExpiresIn: vars.JWT_EXPIRES_IN ?? 900,
    refreshTokenTtlSeconds: vars.REFRESH_TOKEN_TTL_SECONDS ?? 30 * 86_400,
    throttleLimit: vars.AUTH_THROTTLE_LIMIT ?? 10,
    throttleTtlMs: (vars.AUTH_THROTTLE_TTL_SECONDS ?? 60) * 1000,
    loginFailureLimit: vars.LOGIN_FAILURE_LIMIT ?? 10,
    loginFailureWindowSeconds: vars.LOGIN_FAILURE_WINDOW_SECONDS ?? 900,
  };
}

/** The sections, defaults applied: the one place a default is written. */
function build(
  vars: EnvironmentVariables,
  env: Env,
  primary: ResolvedUrl | null,
): AllConfig {
  const logLevel =
    vars.LOG_LEVEL ?? (vars.NODE_ENV === 'test' ? 'silent' : 'info');
  const host = vars.HOST ?? '0.0.0.0';
  const dataDir = resolve(vars.DATA_DIR ?? '.data');
  // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- a blank value counts as unset, so || and not ??
  const schedule = vars.AGGREGATE_SCHEDULE?.trim() || '0 * * * *';
  return {
    app: {
      env: vars.NODE_ENV ?? 'development',
      port: vars.PORT ?? 3000,
      host,
      portalDir: resolve(vars.PORTAL_DIR ?? 'frontend/dist/portal/browser'),
      corsOrigins: (vars.CORS_ORIGINS ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
      logLevel,
      requestTimeoutMs: vars.REQUEST_TIMEOUT_MS ?? 15_000,
      trustProxy: vars.TRUST_PROXY ?? 0,
      dataDir,
      listDefaultLimit: vars.LIST_DEFAULT_LIMIT ?? DEFAULT_LIST_LIMIT,
    },
    auth: authSection(vars, dataDir),
    database: {
      primary,
      analyticsUrls: resolveAnalyticsUrls(env),
      routing: vars.DB_ROUTING ?? 'explicit',
      poolMax: vars.DB_POOL_MAX ?? 10,
      analyticsPoolMax: vars.ANALYTICS_DB_POOL_MAX ?? 10,
      statementTimeoutMs: vars.DB_STATEMENT_TIMEOUT_MS ?? 5000,
      connectTimeoutMs: vars.DB_CONNECT_TIMEOUT_MS ?? 3000,
      forceSsl: vars.DATABASE_SSL === 'true',
      seed: vars.SEED_DATA === 'true',
      causalReads: vars.CAUSAL_READS !== 'false',
      causalWaitMs: vars.CAUSAL_WAIT_MS ?? 50,
      replicaMaxLagMs: vars.REPLICA_MAX_LAG_MS ?? 5000,
      replicaStatusIntervalMs: vars.REPLICA_STATUS_INTERVAL_MS ?? 200,
      embeddedFollowers: vars.EMBEDDED_FOLLOWERS ?? 1,
      // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- a blank value counts as unset, so || and not ??
      redisUrl: vars.REDIS_URL?.trim() || undefined,
      redisTlsRejectUnauthorized: vars.REDIS_TLS_REJECT_UNAUTHORIZED === 'true',
    },
    jobs: {
      // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- a blank value counts as unset, so || and not ??
      redisUrl: vars.REDIS_URL?.trim() || undefined,
      redisTlsRejectUnauthorized: vars.REDIS_TLS_REJECT_UNAUTHORIZED === 'true',
      // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- a blank value counts as unset, so || and not ??
      prefix: vars.JOBS_PREFIX?.trim() || 'bull',
      // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- a blank value counts as unset, so || and not ??
      pgSchema: vars.JOBS_PG_SCHEMA?.trim() || 'pgboss',
      concurrency: {
        critical: vars.JOBS_CONCURRENCY_CRITICAL ?? 6,
        default: vars.JOBS_CONCURRENCY_DEFAULT ?? 3,
        low: vars.JOBS_CONCURRENCY_LOW ?? 1,
      },
      attempts: vars.JOBS_ATTEMPTS ?? 3,
      backoffMs: vars.JOBS_BACKOFF_MS ?? 1000,
      schedule: schedule === 'off' ? null : schedule,
      workerPort: vars.WORKER_PORT ?? 3001,
      lockDurationMs: vars.JOBS_LOCK_DURATION_MS ?? 30_000,
      stalledIntervalMs: vars.JOBS_STALLED_INTERVAL_MS ?? 30_000,
      maxStalledCount: vars.JOBS_MAX_STALLED_COUNT ?? 1,
      shutdownGraceMs: vars.JOBS_SHUTDOWN_GRACE_MS ?? 25_000,
      pollIntervalMs: vars.JOBS_POLL_INTERVAL_MS ?? 1000,
      workerInApi: vars.JOBS_WORKER_IN_API === 'true',
    },
    metrics: {
      token: vars.METRICS_TOKEN,
      port: vars.METRICS_PORT,
    },
    tracing: {
      // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- a blank value counts as unset, so || and not ??
      endpoint: vars.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined,
      protocol:
        (vars.OTEL_EXPORTER_OTLP_PROTOCOL as
          TracingConfig['protocol'] | undefined) ?? 'http/protobuf',
      serviceName: vars.OTEL_SERVICE_NAME,
      sampler:
        (vars.OTEL_TRACES_SAMPLER as TracingConfig['sampler'] | undefined) ??
        'parentbased_always_on',
      samplerRatio: vars.OTEL_TRACES_SAMPLER_ARG ?? 1,
    },
    worker: { host, logLevel },
  };
}

/**
 * The one parse of the environment, for the api and the worker alike: every variable validated
 * against EnvironmentVariables, defaults applied, the result frozen. Throws one EnvironmentError
 * listing every bad variable, one line each (`  NAME: what is wrong`). Pure: reads nothing but
 * `env` (the development JWT secret is generated on first read of auth.jwtSecret, not here).
 */
export function parseEnv(env: Env): Readonly<AllConfig> {
  const vars = plainToInstance(EnvironmentVariables, env, {
    enableImplicitConversion: false,
  });
  const lines = validateSync(vars, {
    skipMissingProperties: false,
    forbidUnknownValues: false,
  }).map(
    (error) =>
      `  ${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`,
  );
  const metricsPort = vars.METRICS_PORT;
  if (metricsPort !== undefined && lines.length === 0) {
    for (const [name, port] of [
      ['PORT', vars.PORT ?? 3000],
      ['WORKER_PORT', vars.WORKER_PORT ?? 3001],
    ] as const)
      if (port === metricsPort)
        lines.push(
          `  METRICS_PORT: must differ from ${name} (${port}): the public port never serves /metrics when METRICS_PORT is set`,
        );
  }
  let primary: ResolvedUrl | null = null;
  try {
    primary = resolvePrimaryUrl(env);
  } catch (error) {
    if (!(error instanceof DatabaseConfigError)) throw error;
    lines.push(`  DATABASE_URL: ${error.message}`);
  }
  if (lines.length > 0) throw new EnvironmentError(lines);
  return deepFreeze(build(vars, env, primary));
}
