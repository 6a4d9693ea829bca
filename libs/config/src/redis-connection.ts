import type { RedisOptions } from 'ioredis';

/**
 * ioredis options from REDIS_URL. `rediss://` (Heroku Redis) means TLS; Heroku's certificate is
 * self-signed, so it is not verified unless REDIS_TLS_REJECT_UNAUTHORIZED=true.
 * Reconnects forever, at most every 2 s, so that a Redis that comes back is used without a restart.
 */
export function redisOptions(
  url: string,
  rejectUnauthorized: boolean,
): RedisOptions {
  const parsed = new URL(url);
  const tls = parsed.protocol === 'rediss:';
  const db =
    parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined;
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
    ...(tls
      ? { tls: { rejectUnauthorized, servername: parsed.hostname } }
      : {}),
    connectTimeout: 3_000,
    retryStrategy: (times: number) => Math.min(times * 200, 2_000),
  };
}

/** Producers (api): fail fast while Redis is down instead of queueing commands in memory. */
export function producerRedisOptions(
  url: string,
  rejectUnauthorized: boolean,
): RedisOptions {
  return {
    ...redisOptions(url, rejectUnauthorized),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  };
}

/** Workers: BullMQ's blocking commands require maxRetriesPerRequest: null. */
export function workerRedisOptions(
  url: string,
  rejectUnauthorized: boolean,
): RedisOptions {
  return {
    ...redisOptions(url, rejectUnauthorized),
    maxRetriesPerRequest: null,
  };
}

/** host:port of a Redis URL for logs, never the password. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return '<invalid url>';
  }
}
