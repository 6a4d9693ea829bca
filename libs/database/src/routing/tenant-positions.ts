import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { fromStoredLsn, type Lsn, storedLsn } from './lsn.js';

/**
 * How long a recorded position is kept. A follower further behind than this is far past the lag
 * breaker's limit, so an expired position cannot let a read reach a follower that lacks the write.
 */
export const POSITION_TTL_MS = 10 * 60_000;

/** What the store holds for an organization. */
export interface Recorded {
  /** 0n when nothing is recorded. */
  lsn: Lsn;
  /**
   * Set (shared store only) when a write committed whose position is not stored yet: the token
   * of its {@link TenantPositions.markWrite}. A read that finds it must see past the leader's
   * position at the time of the read.
   */
  pending?: string;
}

/**
 * Per organization, the WAL position a read must see: the highest of the leader's position after
 * the organization's last write, and the position of the newest state it has been shown
 * (monotonic reads). Only ever raised.
 */
export interface TenantPositions {
  readonly shared: boolean;
  /** Rejects when the store cannot answer. */
  get(organizationId: number): Promise<Recorded>;
  /**
   * Shared store: says every process that a write of the organization committed and its position
   * is on its way (before the write is acknowledged); the token clears it in advance(). The
   * memory store keeps nothing: its one process waits for the position itself.
   */
  markWrite(organizationId: number): Promise<string | undefined>;
  /**
   * Raises the organization's position to `lsn` (no-op when it is already there), and clears the
   * pending mark if it is still `clears` (a newer write's mark stays).
   */
  advance(organizationId: number, lsn: Lsn, clears?: string): Promise<void>;
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

  get(organizationId: number): Promise<Recorded> {
    const entry = this.positions.get(organizationId);
    return Promise.resolve({
      lsn: entry && this.now() - entry.at < POSITION_TTL_MS ? entry.lsn : 0n,
    });
  }

  markWrite(): Promise<undefined> {
    return Promise.resolve(undefined);
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

/**
 * Raises KEYS[1] to ARGV[1] (fixed-width hex: text order is position order), with a TTL; deletes
 * the pending mark KEYS[2] if it still holds the token ARGV[3].
 */
const ADVANCE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if (not current) or current < ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
if ARGV[3] ~= '' and redis.call('GET', KEYS[2]) == ARGV[3] then
  redis.call('DEL', KEYS[2])
end
return 0`;

type AdvancingRedis = Redis & {
  advancePosition(
    key: string,
    pendingKey: string,
    lsn: string,
    ttlMs: number,
    clears: string,
  ): Promise<number>;
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
      numberOfKeys: 2,
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

  private pendingKey(organizationId: number): string {
    return `${this.key(organizationId)}:pending`;
  }

  async get(organizationId: number): Promise<Recorded> {
    const [lsn, pending] = await this.redis.mget(
      this.key(organizationId),
      this.pendingKey(organizationId),
    );
    return pending === null
      ? { lsn: fromStoredLsn(lsn) }
      : { lsn: fromStoredLsn(lsn), pending };
  }

  async markWrite(organizationId: number): Promise<string> {
    const token = randomUUID();
    await this.redis.set(
      this.pendingKey(organizationId),
      token,
      'PX',
      POSITION_TTL_MS,
    );
    return token;
  }

  async advance(
    organizationId: number,
    lsn: Lsn,
    clears?: string,
  ): Promise<void> {
    await this.redis.advancePosition(
      this.key(organizationId),
      this.pendingKey(organizationId),
      storedLsn(lsn),
      POSITION_TTL_MS,
      clears ?? '',
    );
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => {
      this.redis.disconnect();
    });
  }
}
