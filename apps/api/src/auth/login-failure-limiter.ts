import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { PRIMARY } from '@app/database';
import { producerRedisOptions } from '@app/config';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { TooManyAttemptsError } from '@app/common';
import type { AllConfig } from '../config/index.js';

const REDIS_PREFIX = 'login-failures:';

/** Statements on the primary (no REDIS_URL). */
const SQL = {
  /** Failures in the current window and the seconds it still runs; no row when none. */
  current: `
    SELECT failures, ceil(extract(epoch FROM window_started_at + $2 * interval '1 second' - now()))::int AS retry_after
    FROM login_failures
    WHERE username_key = $1 AND window_started_at > now() - $2 * interval '1 second'`,
  /** One more failure; an expired window starts again at 1. */
  record: `
    INSERT INTO login_failures AS f (username_key, failures, window_started_at) VALUES ($1, 1, now())
    ON CONFLICT (username_key) DO UPDATE SET
      failures = CASE WHEN f.window_started_at <= now() - $2 * interval '1 second' THEN 1 ELSE f.failures + 1 END,
      window_started_at = CASE WHEN f.window_started_at <= now() - $2 * interval '1 second' THEN now() ELSE f.window_started_at END`,
  clear: `DELETE FROM login_failures WHERE username_key = $1`,
  /** Rows of past windows (names tried once and never again), removed now and then. */
  prune: `DELETE FROM login_failures WHERE window_started_at < now() - $1 * interval '1 second'`,
} as const;

interface Counter {
  /** Failures in the current window and seconds until it ends. */
  current(
    key: string,
    windowSeconds: number,
  ): Promise<{ failures: number; retryAfter: number }>;
  record(key: string, windowSeconds: number): Promise<void>;
  clear(key: string): Promise<void>;
}

/** Redis (REDIS_URL): one key per username that expires with its window. */
class RedisCounter implements Counter {
  constructor(readonly redis: Redis) {}

  async current(key: string, _windowSeconds: number) {
    const [[, count], [, ttl]] = (await this.redis
      .multi()
      .get(REDIS_PREFIX + key)
      .ttl(REDIS_PREFIX + key)
      .exec()) as [[unknown, string | null], [unknown, number]];
    return { failures: Number(count ?? 0), retryAfter: Math.max(1, ttl) };
  }

  async record(key: string, windowSeconds: number) {
    // EXPIRE NX: the window starts at the first failure and is not extended by later ones.
    await this.redis
      .multi()
      .incr(REDIS_PREFIX + key)
      .expire(REDIS_PREFIX + key, windowSeconds, 'NX')
      .exec();
  }

  async clear(key: string) {
    await this.redis.del(REDIS_PREFIX + key);
  }
}

/** PostgreSQL (no REDIS_URL): the login_failures table on the primary, which every api process shares. */
class DatabaseCounter implements Counter {
  constructor(private readonly primary: DataSource) {}

  async current(key: string, windowSeconds: number) {
    // Both columns are int4, which node-postgres parses to numbers.
    const [row] = await this.primary.query<
      [{ failures: number; retry_after: number }?]
    >(SQL.current, [key, windowSeconds]);
    return row
      ? {
          failures: row.failures,
          retryAfter: Math.max(1, row.retry_after),
        }
      : { failures: 0, retryAfter: 0 };
  }

  async record(key: string, windowSeconds: number) {
    await this.primary.query(SQL.record, [key, windowSeconds]);
    if (Math.random() < 0.01)
      await this.primary.query(SQL.prune, [windowSeconds]);
  }

  async clear(key: string) {
    await this.primary.query(SQL.clear, [key]);
  }
}

/**
 * Failed sign-ins per username from every address (credential stuffing and password spraying
 * rotate addresses, so the per-address throttle alone does not stop them): after LOGIN_FAILURE_LIMIT
 * failures within LOGIN_FAILURE_WINDOW_SECONDS of the first one, every sign-in for that username is
 * refused with 429 until the window ends, even with the right password, since the right password
 * is what an attacker is guessing. Unknown usernames count too, so the 429 reveals nothing.
 * A successful sign-in is not counted and clears earlier failures.
 *
 * Shared by all api processes: Redis when REDIS_URL is set, else a table on the primary. While
 * Redis is unreachable the limit is not enforced (sign-in keeps working; the per-address
 * throttle still applies) and a warning is logged.
 */
@Injectable()
export class LoginFailureLimiter
  implements OnModuleInit, OnApplicationShutdown
{
  private readonly logger = new Logger(LoginFailureLimiter.name);
  private readonly counter: Counter;
  private readonly limit: number;
  private readonly windowSeconds: number;
  private redisDown = false;

  constructor(
    @InjectDataSource(PRIMARY) primary: DataSource,
    config: ConfigService<AllConfig, true>,
  ) {
    const auth = config.get('auth', { infer: true });
    this.limit = auth.loginFailureLimit;
    this.windowSeconds = auth.loginFailureWindowSeconds;
    const jobs = config.get('jobs', { infer: true });
    if (jobs.redisUrl) {
      const redis = new Redis(
        producerRedisOptions(jobs.redisUrl, jobs.redisTlsRejectUnauthorized),
      );
      redis.on('error', () => undefined); // reported by the calls that fail
      this.counter = new RedisCounter(redis);
    } else {
      this.counter = new DatabaseCounter(primary);
    }
  }

  /**
   * Waits (up to 3 s) for Redis before the api takes requests: its client fails fast instead of
   * queueing, and the first failures after start-up must be counted like the others.
   */
  async onModuleInit(): Promise<void> {
    if (
      !(this.counter instanceof RedisCounter) ||
      this.counter.redis.status === 'ready'
    )
      return;
    const ac = new AbortController();
    await Promise.race([
      once(this.counter.redis, 'ready', { signal: ac.signal }),
      sleep(3_000, undefined, { signal: ac.signal }),
    ]).catch(() => undefined);
    ac.abort();
  }

  /** Usernames are matched case-insensitively, so is their counter. */
  static key(username: string): string {
    return username.toLowerCase();
  }

  /** Throws 429 when the username has used up its failures; returns how many it has so far. */
  async assertAllowed(username: string): Promise<number> {
    const state = await this.guarded(() =>
      this.counter.current(
        LoginFailureLimiter.key(username),
        this.windowSeconds,
      ),
    );
    if (state && state.failures >= this.limit) {
      const minutes = Math.ceil(state.retryAfter / 60);
      throw new TooManyAttemptsError(
        `Too many failed sign-ins for this user, try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
        state.retryAfter,
      );
    }
    return state?.failures ?? 0;
  }

  async recordFailure(username: string): Promise<void> {
    await this.guarded(() =>
      this.counter.record(
        LoginFailureLimiter.key(username),
        this.windowSeconds,
      ),
    );
  }

  async clear(username: string): Promise<void> {
    await this.guarded(() =>
      this.counter.clear(LoginFailureLimiter.key(username)),
    );
  }

  private async guarded<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (!(this.counter instanceof RedisCounter)) return work();
    try {
      const result = await work();
      if (this.redisDown)
        this.logger.log(
          'redis reachable again: the per-username sign-in limit applies again',
        );
      this.redisDown = false;
      return result;
    } catch (error) {
      if (!this.redisDown)
        this.logger.warn(
          `redis unreachable (${(error as Error).message}): the per-username sign-in limit is not enforced`,
        );
      this.redisDown = true;
      return undefined;
    }
  }

  onApplicationShutdown(): void {
    if (this.counter instanceof RedisCounter) this.counter.redis.disconnect();
  }
}
