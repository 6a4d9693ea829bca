import { registerAs } from '@nestjs/config';
import { CronExpressionParser } from 'cron-parser';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
  validateSync,
} from 'class-validator';
import type { QueueName } from './jobs.constants.js';

export interface JobsConfig {
  /** REDIS_URL; undefined -> the api runs jobs in-process on pg-boss, state in the primary's `pgSchema`. */
  redisUrl: string | undefined;
  /** REDIS_TLS_REJECT_UNAUTHORIZED: verify the rediss:// certificate (Heroku's is self-signed: false). */
  redisTlsRejectUnauthorized: boolean;
  /** Key prefix of every BullMQ key (JOBS_PREFIX, default "bull"). */
  prefix: string;
  /** Without Redis: the PostgreSQL schema pg-boss keeps its tables in, on the primary (JOBS_PG_SCHEMA, default "pgboss"). */
  pgSchema: string;
  concurrency: Record<QueueName, number>;
  attempts: number;
  backoffMs: number;
  /** Cron pattern (UTC) of the "refresh today for every organization" job, or null when off. */
  schedule: string | null;
  workerPort: number;
  /** BullMQ: a running job's lock, renewed while it runs. pg-boss (no renewal): how long a job may stay active. */
  lockDurationMs: number;
  /** BullMQ: the stalled-job check. pg-boss: its maintenance (expiry of dead jobs, retention). */
  stalledIntervalMs: number;
  maxStalledCount: number;
  /** How long SIGTERM waits for in-flight jobs before leaving them to stalled-job recovery. */
  shutdownGraceMs: number;
  /** In-process mode (pg-boss): how often an idle queue looks for due jobs (waiting, delayed, retried). */
  pollIntervalMs: number;
  /** JOBS_WORKER_IN_API=true (npm start's default): with REDIS_URL, the api also processes the queues. */
  workerInApi: boolean;
}

const int = (value: string | undefined, fallback: number) => (value === undefined || value === '' ? fallback : Number(value));

export const jobsConfig = registerAs('jobs', (): JobsConfig => {
  const env = process.env;
  const schedule = env.AGGREGATE_SCHEDULE?.trim() || '0 * * * *';
  return {
    redisUrl: env.REDIS_URL?.trim() || undefined,
    redisTlsRejectUnauthorized: env.REDIS_TLS_REJECT_UNAUTHORIZED === 'true',
    prefix: env.JOBS_PREFIX?.trim() || 'bull',
    pgSchema: env.JOBS_PG_SCHEMA?.trim() || 'pgboss',
    concurrency: {
      critical: int(env.JOBS_CONCURRENCY_CRITICAL, 6),
      default: int(env.JOBS_CONCURRENCY_DEFAULT, 3),
      low: int(env.JOBS_CONCURRENCY_LOW, 1),
    },
    attempts: int(env.JOBS_ATTEMPTS, 3),
    backoffMs: int(env.JOBS_BACKOFF_MS, 1000),
    schedule: schedule === 'off' ? null : schedule,
    workerPort: int(env.WORKER_PORT, 3001),
    lockDurationMs: int(env.JOBS_LOCK_DURATION_MS, 30_000),
    stalledIntervalMs: int(env.JOBS_STALLED_INTERVAL_MS, 30_000),
    maxStalledCount: int(env.JOBS_MAX_STALLED_COUNT, 1),
    shutdownGraceMs: int(env.JOBS_SHUTDOWN_GRACE_MS, 25_000),
    pollIntervalMs: int(env.JOBS_POLL_INTERVAL_MS, 1000),
    workerInApi: env.JOBS_WORKER_IN_API === 'true',
  };
});

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

function isCron(value: unknown): boolean {
  if (value === 'off') return true;
  try {
    CronExpressionParser.parse(String(value), { tz: 'UTC' });
    return true;
  } catch {
    return false;
  }
}

@ValidatorConstraint({ name: 'cronPattern' })
class CronPatternConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isCron(value);
  }

  defaultMessage(): string {
    return 'AGGREGATE_SCHEDULE must be a cron pattern (UTC), e.g. "0 * * * *", or "off"';
  }
}

/** The jobs variables, validated with the others at boot (api and worker). */
export class JobsEnvironmentVariables {
  @IsOptional() @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional() @IsIn(['true', 'false'])
  REDIS_TLS_REJECT_UNAUTHORIZED?: string;

  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,32}$/)
  JOBS_PREFIX?: string;

  @IsOptional() @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'JOBS_PG_SCHEMA must be a lower-case PostgreSQL identifier (letters, digits, _)' })
  JOBS_PG_SCHEMA?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100)
  JOBS_CONCURRENCY_CRITICAL?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100)
  JOBS_CONCURRENCY_DEFAULT?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100)
  JOBS_CONCURRENCY_LOW?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(50)
  JOBS_ATTEMPTS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3_600_000)
  JOBS_BACKOFF_MS?: number;

  @IsOptional() @IsString() @Validate(CronPatternConstraint)
  AGGREGATE_SCHEDULE?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  WORKER_PORT?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(500) @Max(3_600_000)
  JOBS_LOCK_DURATION_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(200) @Max(3_600_000)
  JOBS_STALLED_INTERVAL_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(100)
  JOBS_MAX_STALLED_COUNT?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(3_600_000)
  JOBS_SHUTDOWN_GRACE_MS?: number;

  /** pg-boss polls at most every 500 ms. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(500) @Max(600_000)
  JOBS_POLL_INTERVAL_MS?: number;

  @IsOptional() @IsIn(['true', 'false'])
  JOBS_WORKER_IN_API?: string;
}

/** One line per bad jobs variable, naming it (empty when all are valid). */
export function jobsEnvErrors(raw: Record<string, unknown>): string[] {
  const env = plainToInstance(JobsEnvironmentVariables, raw, { enableImplicitConversion: false });
  return validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false }).map(
    (error) => `  ${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`,
  );
}
