import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { CronExpressionParser } from 'cron-parser';
import { MAX_PAGE_SIZE } from './list-limits.js';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

export const LOG_LEVELS = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const;

/** OTLP over HTTP (the exporters built in): protobuf, the standard's default, or JSON. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;

/** The standard OTEL_TRACES_SAMPLER values. */
export const TRACES_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

@ValidatorConstraint({ name: 'cronPattern' })
class CronPatternConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === 'off') return true;
    try {
      CronExpressionParser.parse(String(value), { tz: 'UTC' });
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'AGGREGATE_SCHEDULE must be a cron pattern (UTC), e.g. "0 * * * *", or "off"';
  }
}

/**
 * Every variable the api and the worker read, in one class: both processes validate all of it,
 * so a value one of them would misread (DB_POOL_MAX=lots in the worker) stops either. Unknown
 * variables are ignored (the platform sets many). The database URLs (DATABASE_URL,
 * HEROKU_POSTGRESQL_<COLOR>_URL, ANALYTICS_DB_URL) are resolved by database-url.ts, called from
 * parseEnv. Defaults are applied in one place, parseEnv.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @IsString()
  PORTAL_DIR?: string;

  @IsOptional()
  @IsIn(['explicit', 'replication'])
  DB_ROUTING?: 'explicit' | 'replication';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(1000)
  DB_POOL_MAX?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  ANALYTICS_DB_POOL_MAX?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  DB_STATEMENT_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  DB_CONNECT_TIMEOUT_MS?: number;

  @IsOptional()
  @IsIn(['true', 'false'])
  DATABASE_SSL?: string;

  // Read routing (libs/database/src/routing): the contract's "fresh enough" rules.

  /** How long an analytics read waits for a follower to replay its organization's writes before the leader answers. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  CAUSAL_WAIT_MS?: number;

  /** Lag breaker: a follower further behind than this serves no reads until it is back under. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  REPLICA_MAX_LAG_MS?: number;

  /** How often each process reads the leader's and every follower's WAL position (state for routing, /health, /metrics). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  REPLICA_STATUS_INTERVAL_MS?: number;

  /** false: no write positions are recorded and any follower under the lag limit serves (diagnostics, benchmarks). */
  @IsOptional()
  @IsIn(['true', 'false'])
  CAUSAL_READS?: string;

  /** npm start without DATABASE_URL: how many embedded followers the launcher starts (0-4). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(4)
  EMBEDDED_FOLLOWERS?: number;

  @IsOptional()
  @IsIn(['true', 'false'])
  SEED_DATA?: string;

  @ValidateIf(
    (env: EnvironmentVariables) =>
      env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined,
  )
  @IsString()
  @MinLength(32, {
    message:
      'JWT_SECRET must be at least 32 characters (required when NODE_ENV=production)',
  })
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  JWT_EXPIRES_IN?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(300)
  @Max(365 * 24 * 3600)
  REFRESH_TOKEN_TTL_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  LOGIN_FAILURE_LIMIT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  LOGIN_FAILURE_WINDOW_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  AUTH_THROTTLE_LIMIT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  AUTH_THROTTLE_TTL_SECONDS?: number;

  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  REQUEST_TIMEOUT_MS?: number;

  /** Proxy hops in front of the app whose X-Forwarded-For / -Proto are believed (0: none; Heroku: 1). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY?: number;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  // Metrics (/metrics of the api and of the worker's probe port): not public by accident.

  /** Scrapers must send `Authorization: Bearer <METRICS_TOKEN>` for /metrics (wherever it is served). */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{16,}$/, {
    message:
      'METRICS_TOKEN must be at least 16 printable characters, no spaces (e.g. openssl rand -hex 32)',
  })
  METRICS_TOKEN?: string;

  /** /metrics on a listener of its own on this port; the public port (PORT, WORKER_PORT) answers 404 there. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  /** Page size when a list request has no `limit`: within what a client may ask for (1-1000). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  LIST_DEFAULT_LIMIT?: number;

  // Traces (OpenTelemetry, libs/tracing): off unless OTEL_EXPORTER_OTLP_ENDPOINT is set. The
  // standard variables; the SDK's others (OTEL_BSP_*, OTEL_EXPORTER_OTLP_HEADERS...) it reads itself.

  /** OTLP/HTTP base URL of a collector (Jaeger: http://jaeger:4318); spans go to <url>/v1/traces. Blank: off. */
  @ValidateIf((env: EnvironmentVariables) =>
    Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()),
  )
  @Matches(/^https?:\/\/\S+$/, {
    message:
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL (OTLP over HTTP, e.g. http://localhost:4318)',
  })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsOptional()
  @IsIn(OTLP_PROTOCOLS, {
    message: `OTEL_EXPORTER_OTLP_PROTOCOL must be one of ${OTLP_PROTOCOLS.join(', ')} (OTLP over HTTP; gRPC is not built in)`,
  })
  OTEL_EXPORTER_OTLP_PROTOCOL?: string;

  @IsOptional()
  @Matches(/^\S{1,100}$/, {
    message: 'OTEL_SERVICE_NAME must be 1-100 characters without spaces',
  })
  OTEL_SERVICE_NAME?: string;

  @IsOptional()
  @IsIn(TRACES_SAMPLERS, {
    message: `OTEL_TRACES_SAMPLER must be one of ${TRACES_SAMPLERS.join(', ')}`,
  })
  OTEL_TRACES_SAMPLER?: string;

  /** The ratio of the *traceidratio samplers, 0-1. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? undefined : Number(value),
  )
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  OTEL_TRACES_SAMPLER_ARG?: number;

  // Jobs (libs/jobs): read by the api (producer, in-process runner) and the worker.

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, {
    message: 'REDIS_URL must be a redis:// or rediss:// URL',
  })
  REDIS_URL?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  REDIS_TLS_REJECT_UNAUTHORIZED?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/)
  JOBS_PREFIX?: string;

  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, {
    message:
      'JOBS_PG_SCHEMA must be a lower-case PostgreSQL identifier (letters, digits, _)',
  })
  JOBS_PG_SCHEMA?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  JOBS_CONCURRENCY_CRITICAL?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  JOBS_CONCURRENCY_DEFAULT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  JOBS_CONCURRENCY_LOW?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  JOBS_ATTEMPTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  JOBS_BACKOFF_MS?: number;

  @IsOptional()
  @IsString()
  @Validate(CronPatternConstraint)
  AGGREGATE_SCHEDULE?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_PORT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(3_600_000)
  JOBS_LOCK_DURATION_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(200)
  @Max(3_600_000)
  JOBS_STALLED_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  JOBS_MAX_STALLED_COUNT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  JOBS_SHUTDOWN_GRACE_MS?: number;

  /** pg-boss polls at most every 500 ms. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(600_000)
  JOBS_POLL_INTERVAL_MS?: number;

  @IsOptional()
  @IsIn(['true', 'false'])
  JOBS_WORKER_IN_API?: string;
}
