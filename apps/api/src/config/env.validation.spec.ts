import { describe, expect, it } from '@jest/globals';
import { validateEnv } from './env.validation.js';

describe('validateEnv', () => {
  it('accepts an empty environment (development defaults)', () => {
    expect(() => validateEnv({})).not.toThrow();
  });

  it('requires a JWT_SECRET of at least 32 characters in production', () => {
    expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).not.toThrow();
  });

  it('names each bad variable', () => {
    expect(() => validateEnv({ DB_ROUTING: 'magic', DB_POOL_MAX: 'lots' })).toThrow(/DB_ROUTING[\s\S]*DB_POOL_MAX|DB_POOL_MAX[\s\S]*DB_ROUTING/);
    expect(() => validateEnv({ PORT: '70000' })).toThrow(/PORT/);
  });

  it('validates the session and sign-in limit variables', () => {
    expect(() =>
      validateEnv({ JWT_EXPIRES_IN: '900', REFRESH_TOKEN_TTL_SECONDS: '2592000', LOGIN_FAILURE_LIMIT: '10', LOGIN_FAILURE_WINDOW_SECONDS: '900' }),
    ).not.toThrow();
    expect(() => validateEnv({ REFRESH_TOKEN_TTL_SECONDS: '10' })).toThrow(/REFRESH_TOKEN_TTL_SECONDS/);
    expect(() => validateEnv({ LOGIN_FAILURE_LIMIT: '0', LOGIN_FAILURE_WINDOW_SECONDS: 'soon' })).toThrow(
      /LOGIN_FAILURE_LIMIT[\s\S]*LOGIN_FAILURE_WINDOW_SECONDS/,
    );
  });

  it('validates the jobs variables too', () => {
    expect(() => validateEnv({ REDIS_URL: 'rediss://:secret@h:6380', AGGREGATE_SCHEDULE: '*/10 * * * *' })).not.toThrow();
    expect(() => validateEnv({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
    expect(() => validateEnv({ JOBS_CONCURRENCY_CRITICAL: '0', AGGREGATE_SCHEDULE: 'sometimes' })).toThrow(/JOBS_CONCURRENCY_CRITICAL[\s\S]*AGGREGATE_SCHEDULE/);
  });

  it('accepts LIST_DEFAULT_LIMIT from 1 to 1000 (what a client may ask for) and names it otherwise', () => {
    expect(() => validateEnv({ LIST_DEFAULT_LIMIT: '1' })).not.toThrow();
    expect(() => validateEnv({ LIST_DEFAULT_LIMIT: '1000' })).not.toThrow();
    for (const value of ['0', '1001', 'all', '50.5']) expect(() => validateEnv({ LIST_DEFAULT_LIMIT: value })).toThrow(/LIST_DEFAULT_LIMIT/);
  });

  it('takes TRUST_PROXY as a hop count from 0 to 10', () => {
    expect(() => validateEnv({ TRUST_PROXY: '1' })).not.toThrow();
    expect(() => validateEnv({ TRUST_PROXY: '0' })).not.toThrow();
    expect(() => validateEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => validateEnv({ TRUST_PROXY: '11' })).toThrow(/TRUST_PROXY/);
    expect(() => validateEnv({ TRUST_PROXY: '-1' })).toThrow(/TRUST_PROXY/);
  });
});
