import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  POSITION_TTL_MS,
  RedisTenantPositions,
} from '../../libs/database/src/routing/tenant-positions.js';
import { testRedisUrl } from '../support/redis.js';

/**
 * The shared store of write positions on the test run's Redis: what every api and worker process
 * reads (routing-processes.e2e-spec.ts runs the processes around it). A write marks its
 * organization before it is acknowledged; the position stored later clears only its own mark.
 */
describe('write positions in Redis', () => {
  const namespace = `test-${randomUUID().slice(0, 8)}`;
  let positions: RedisTenantPositions;
  let other: RedisTenantPositions;
  let inspect: Redis;

  beforeAll(() => {
    positions = new RedisTenantPositions(new Redis(testRedisUrl()), namespace);
    // A second process's view of the same store.
    other = new RedisTenantPositions(new Redis(testRedisUrl()), namespace);
    inspect = new Redis(testRedisUrl());
  });

  afterAll(async () => {
    const keys = await inspect.keys(`routing:${namespace}:*`);
    if (keys.length > 0) await inspect.del(...keys);
    await Promise.all([positions.close(), other.close(), inspect.quit()]);
  });

  it('knows nothing of an organization without writes', async () => {
    expect(await positions.get(1)).toEqual({ lsn: 0n });
  });

  it('shows a write mark to every process until the position stored with its token clears it', async () => {
    const token = await positions.markWrite(2);
    expect(await other.get(2)).toEqual({ lsn: 0n, pending: token });
    await positions.advance(2, 0x1_0000_0010n, token);
    expect(await other.get(2)).toEqual({ lsn: 0x1_0000_0010n });
  });

  it('keeps a newer mark when an older write position is stored, and never lowers a position', async () => {
    const older = await positions.markWrite(3);
    const newer = await other.markWrite(3);
    await positions.advance(3, 0x2_0000_0000n, older);
    expect(await positions.get(3)).toEqual({
      lsn: 0x2_0000_0000n,
      pending: newer,
    });
    // A read's position (monotonic reads) without a token, lower than the stored one.
    await other.advance(3, 0x1_ffff_ffffn);
    expect(await positions.get(3)).toEqual({
      lsn: 0x2_0000_0000n,
      pending: newer,
    });
    await other.advance(3, 0x2_0000_0001n, newer);
    expect(await positions.get(3)).toEqual({ lsn: 0x2_0000_0001n });
  });

  it('expires marks and positions with the TTL', async () => {
    await positions.markWrite(4);
    await positions.advance(4, 0x10n);
    const key = `routing:${namespace}:org:4`;
    for (const name of [key, `${key}:pending`]) {
      const ttl = await inspect.pttl(name);
      expect(ttl).toBeGreaterThan(POSITION_TTL_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(POSITION_TTL_MS);
    }
  });
});
