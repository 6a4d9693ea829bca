import { Logger } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface AuthConfig {
  jwtSecret: string;
  /** Lifetime of an access token, seconds (JWT_EXPIRES_IN, default 15 min). */
  jwtExpiresIn: number;
  /** Lifetime of a refresh token, seconds; each refresh starts a new one (REFRESH_TOKEN_TTL_SECONDS, default 30 days). */
  refreshTokenTtlSeconds: number;
  throttleLimit: number;
  throttleTtlMs: number;
  /** Failed sign-ins per username, from any address, before 429 (LOGIN_FAILURE_LIMIT, default 10)... */
  loginFailureLimit: number;
  /** ...within this window, seconds (LOGIN_FAILURE_WINDOW_SECONDS, default 15 min). */
  loginFailureWindowSeconds: number;
}

/**
 * Outside production a missing JWT_SECRET is generated once and kept under the data directory,
 * so that tokens survive restarts; env validation already refused a missing one in production.
 */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(48).toString('base64url');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, secret, { mode: 0o600 });
    new Logger('Auth').warn(`JWT_SECRET is not set: generated one in ${file} (set JWT_SECRET in production)`);
    return secret;
  }
}

export const authConfig = registerAs('auth', (): AuthConfig => {
  const env = process.env;
  return {
    jwtSecret: env.JWT_SECRET ?? developmentSecret(resolve(env.DATA_DIR ?? '.data')),
    jwtExpiresIn: Number(env.JWT_EXPIRES_IN || 900),
    refreshTokenTtlSeconds: Number(env.REFRESH_TOKEN_TTL_SECONDS || 30 * 86_400),
    throttleLimit: Number(env.AUTH_THROTTLE_LIMIT ?? 10),
    throttleTtlMs: Number(env.AUTH_THROTTLE_TTL_SECONDS ?? 60) * 1000,
    loginFailureLimit: Number(env.LOGIN_FAILURE_LIMIT || 10),
    loginFailureWindowSeconds: Number(env.LOGIN_FAILURE_WINDOW_SECONDS || 900),
  };
});
