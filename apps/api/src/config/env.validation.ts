import { plainToInstance, Transform } from 'class-transformer';
import { jobsEnvErrors } from '@app/jobs';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';
import { MAX_PAGE_SIZE } from '../common/list-limits.js';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** Every variable the processes read. Unknown variables are ignored (the platform sets many). */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @IsString()
  HOST?: string;

  @IsOptional() @IsString()
  PORTAL_DIR?: string;

  @IsOptional() @IsIn(['explicit', 'replication'])
  DB_ROUTING?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(2) @Max(1000)
  DB_POOL_MAX?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  ANALYTICS_DB_POOL_MAX?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(100) @Max(600_000)
  DB_STATEMENT_TIMEOUT_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(100) @Max(60_000)
  DB_CONNECT_TIMEOUT_MS?: number;

  @IsOptional() @IsIn(['true', 'false'])
  DATABASE_SSL?: string;

  @IsOptional() @IsIn(['true', 'false'])
  SEED_DATA?: string;

  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters (required when NODE_ENV=production)' })
  JWT_SECRET?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(30 * 24 * 3600)
  JWT_EXPIRES_IN?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(300) @Max(365 * 24 * 3600)
  REFRESH_TOKEN_TTL_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000)
  LOGIN_FAILURE_LIMIT?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(7 * 24 * 3600)
  LOGIN_FAILURE_WINDOW_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000)
  AUTH_THROTTLE_LIMIT?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(86_400)
  AUTH_THROTTLE_TTL_SECONDS?: number;

  @IsOptional() @IsString()
  CORS_ORIGINS?: string;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1000) @Max(600_000)
  REQUEST_TIMEOUT_MS?: number;

  /** Proxy hops in front of the app whose X-Forwarded-For / -Proto are believed (0: none; Heroku: 1). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10)
  TRUST_PROXY?: number;

  @IsOptional() @IsString()
  DATA_DIR?: string;

  /** Page size when a list request has no `limit`: within what a client may ask for (1-1000). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  LIST_DEFAULT_LIMIT?: number;
}

/** Fails at boot with one line per bad variable, naming it. */
export function validateEnv(raw: Record<string, unknown>): Record<string, unknown> {
  const env = plainToInstance(EnvironmentVariables, raw, { enableImplicitConversion: false });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  const lines = [
    ...errors.map((error) => `  ${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`),
    ...jobsEnvErrors(raw),
  ];
  if (lines.length > 0) {
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return raw;
}
