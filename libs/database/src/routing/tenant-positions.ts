import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { fromStoredLsn, type Lsn, storedLsn } from './lsn.js';

/**
 * How long a recorded position is kept. A follower further behind than this is far past the lag
 * breaker's limit, so an expired position cannot let a read reach a follower that lacks the write.
 */
export const POSITION_TTL_MS = 10 * 60_000;

/**
 * Per organization, the WAL position a read must see: the highest of the leader's position after
 * the organization's last write, and the position of the newest state it has been shown
 * (monotonic reads). Only ever raised.
 */
export interface TenantPositions {
  readonly shared: boolean;
  /** 0n when nothing is recorded. Rejects when the store cannot answer. */
  get(organizationId: number): Promise<Lsn>;
  /** Raises the organization's position to `lsn` (no-op when it is already there). */
  advance(organizationId: number, lsn: Lsn): Promise<void>;
  close(): Promise<void>;
}

/** One process (no REDIS_URL): a map, pruned of positions older than the TTL. */
export class MemoryTenantPositions implements TenantPositions {
  readonly shared = false;
  private readonly positions = new Map<number, { lsn: Lsn; at: number }>();
  private readonly pruner = setInterval(() => {
    this.prune();
  }, POSITION_TTL_MS);

  constructor(private readonly now: () => number = Date.now) {
    this.pruner.unref();
  }

  get(organizationId: number): Promise<Lsn> {
    const entry = this.positions.get(organizationId);
    return Promise.resolve(
      entry && this.now() - entry.at < POSITION_TTL_MS ? entry.lsn : 0n,
    );
  }

  advance(organizationId: number, lsn: Lsn): Promise<void> {
    const entry = this.positions.get(organizationId);
    if (!entry || entry.lsn < lsn)
      this.positions.set(organizationId, { lsn, at: this.now() });
    return Promise.resolve();
  }

  prune(): void {
    const oldest = this.now() - POSITION_TTL_MS;
    for (const [id, entry] of this.positions)
      if (entry.at < oldest) this.positions.delete(id);
  }

  close(): Promise<void> {
    clearInterval(this.pruner);
    return Promise.resolve();
  }
}

/** Raises the key to ARGV[1] (fixed-width hex: text order is position order), with a TTL. */
const ADVANCE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if (not current) or current < ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 0`;

type AdvancingRedis = Redis & {
  advancePosition(key: string, lsn: string, ttlMs: number): Promise<number>;
};

/**
 * Every api and worker process sharing REDIS_URL sees the same positions. Keys are namespaced by
 * the leader's cluster (system identifier) and database: positions of another cluster mean nothing.
 */
export class RedisTenantPositions implements TenantPositions {
  readonly shared = true;
  private readonly logger = new Logger('TenantPositions');
  private readonly redis: AdvancingRedis;

  constructor(
    redis: Redis,
    private readonly namespace: string,
  ) {
    redis.defineCommand('advancePosition', {
      numberOfKeys: 1,
      lua: ADVANCE_SCRIPT,
    });
    redis.on('error', (error: Error) => {
      this.logger.debug(`redis: ${error.message}`);
    });
    this.redis = redis as AdvancingRedis;
  }

  private key(organizationId: number): string {
    return `routing:${this.namespace}:org:${organizationId}`;
  }

  async get(organizationId: number): Promise<Lsn> {
    return fromStoredLsn(await this.redis.get(this.key(organizationId)));
  }

  async advance(organizationId: number, lsn: Lsn): Promise<void> {
    await this.redis.advancePosition(
      this.key(organizationId),
      storedLsn(lsn),
      POSITION_TTL_MS,
    );
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => {
      this.redis.disconnect();
    });
  }
}
