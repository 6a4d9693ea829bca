import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Follower, type FollowerConnection } from './follower.js';
import { formatLsn } from './lsn.js';
import { ReadRouter, type ReadRouterSettings } from './read-router.js';
import { LeaderHistory } from './replica-lag.js';
import {
  MemoryTenantPositions,
  type Recorded,
  type TenantPositions,
} from './tenant-positions.js';

const SETTINGS: ReadRouterSettings = {
  routing: 'explicit',
  causalReads: true,
  causalWaitMs: 0,
  maxLagMs: 1000,
  statusIntervalMs: 1000,
  probeTimeoutMs: 1000,
};

/** A follower whose replay position the test sets; its reads answer with that position. */
class FakeFollower implements FollowerConnection {
  replay = 0n;
  reads = 0;
  failWith: Error | undefined;

  query<R>(sql: string): Promise<R[]> {
    if (this.failWith) return Promise.reject(this.failWith);
    if (sql.includes('pg_last_wal_replay_lsn()::text AS replay'))
      return Promise.resolve([{ replay: formatLsn(this.replay) }] as R[]);
    this.reads += 1;
    return Promise.resolve([
      { in_recovery: true, served_lsn: formatLsn(this.replay) },
    ] as R[]);
  }

  pool() {
    return undefined;
  }

  close() {
    return Promise.resolve();
  }
}

function setup(
  settings: Partial<ReadRouterSettings> = {},
  positions: TenantPositions = new MemoryTenantPositions(),
) {
  let leaderLsn = 0x100n;
  const leaderQuery = jest.fn((sql: string) =>
    Promise.resolve(
      sql.includes('pg_current_wal_insert_lsn()::text AS lsn')
        ? [{ lsn: formatLsn(leaderLsn), flushed: formatLsn(leaderLsn) }]
        : [{ in_recovery: false, served_lsn: formatLsn(leaderLsn) }],
    ),
  );
  const leader = { query: leaderQuery } as unknown as DataSource;
  const fakes = [new FakeFollower(), new FakeFollower()];
  const followers = fakes.map(
    (fake, index) => new Follower(String(index + 1), `host${index}`, fake),
  );
  const router = new ReadRouter(leader, followers, positions, {
    ...SETTINGS,
    ...settings,
  });
  return {
    router,
    fakes,
    followers,
    positions,
    leaderQuery,
    setLeader: (lsn: bigint) => {
      leaderLsn = lsn;
    },
  };
}

/** A store shared by processes (as RedisTenantPositions): positions and pending marks in maps. */
class SharedPositions implements TenantPositions {
  readonly shared = true;
  private readonly memory = new MemoryTenantPositions();
  private readonly pending = new Map<number, string>();
  private tokens = 0;

  async get(organizationId: number): Promise<Recorded> {
    const { lsn } = await this.memory.get(organizationId);
    const pending = this.pending.get(organizationId);
    return pending === undefined ? { lsn } : { lsn, pending };
  }

  markWrite(organizationId: number): Promise<string> {
    this.tokens += 1;
    this.pending.set(organizationId, String(this.tokens));
    return Promise.resolve(String(this.tokens));
  }

  async advance(organizationId: number, lsn: bigint, clears?: string) {
    await this.memory.advance(organizationId, lsn);
    if (clears !== undefined && this.pending.get(organizationId) === clears)
      this.pending.delete(organizationId);
  }

  close(): Promise<void> {
    return this.memory.close();
  }
}

describe('ReadRouter', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('serves an organization without writes from the followers in turn', async () => {
    const { router, fakes } = setup();
    await router.refresh();
    const replicas = new Set<string | undefined>();
    for (let read = 0; read < 4; read += 1)
      replicas.add((await router.read(1, 'SELECT', [])).route.replica);
    expect([...replicas].sort()).toEqual(['1', '2']);
    expect(fakes[0].reads + fakes[1].reads).toBe(4);
  });

  it('after a write, skips the follower that has not replayed it and the leader answers when none has', async () => {
    const { router, fakes, setLeader } = setup();
    fakes[0].replay = 0x100n;
    fakes[1].replay = 0x100n;
    await router.refresh();
    setLeader(0x200n);
    await router.recordWrite(1);
    fakes[1].replay = 0x200n;
    await router.refresh();
    for (let read = 0; read < 5; read += 1)
      expect((await router.read(1, 'SELECT', [])).route).toEqual({
        target: 'follower',
        replica: '2',
        reason: 'fresh',
      });
    setLeader(0x300n);
    await router.recordWrite(1);
    expect((await router.read(1, 'SELECT', [])).route).toEqual({
      target: 'leader',
      reason: 'stale-for-tenant',
    });
    // Another organization is not held back by the first one's writes.
    expect((await router.read(2, 'SELECT', [])).route.target).toBe('follower');
  });

  it('waits up to CAUSAL_WAIT_MS for a follower to catch up, checking it directly', async () => {
    const { router, fakes, setLeader } = setup({ causalWaitMs: 200 });
    await router.refresh();
    setLeader(0x200n);
    await router.recordWrite(1);
    setTimeout(() => {
      fakes[0].replay = 0x200n;
    }, 20);
    expect((await router.read(1, 'SELECT', [])).route).toEqual({
      target: 'follower',
      replica: '1',
      reason: 'caught-up-after-wait',
    });
  });

  it('never goes back: after a fresher follower answered, an older one does not', async () => {
    const { router, fakes } = setup();
    fakes[0].replay = 0x100n;
    fakes[1].replay = 0x180n;
    await router.refresh();
    const served = new Set<string | undefined>();
    for (let read = 0; read < 6; read += 1)
      served.add((await router.read(1, 'SELECT', [])).route.replica);
    // The first read to reach follower 2 raised the organization's position past follower 1.
    expect(served.has('2')).toBe(true);
    const after = [];
    for (let read = 0; read < 6; read += 1)
      after.push((await router.read(1, 'SELECT', [])).route.replica);
    expect(after.every((replica) => replica !== '1')).toBe(true);
  });

  it('marks a follower down on a connection error and answers from the other', async () => {
    const { router, fakes, followers } = setup();
    await router.refresh();
    fakes[0].failWith = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
    });
    for (let read = 0; read < 4; read += 1)
      expect((await router.read(1, 'SELECT', [])).route.replica).toBe('2');
    expect(followers[0].status).toBe('down');
    fakes[1].failWith = fakes[0].failWith;
    await router.refresh();
    expect((await router.read(1, 'SELECT', [])).route).toEqual({
      target: 'leader',
      reason: 'down',
    });
  });

  it('does not believe a follower whose statement shows an older position than it reported (replaced server)', async () => {
    const { router, fakes, followers } = setup();
    fakes[0].replay = 0x200n;
    fakes[1].replay = 0x200n;
    await router.refresh();
    await router.positionForJob(1);
    followers[1].status = 'down';
    fakes[0].replay = 0x50n; // a rebuilt server behind the same address
    const routed = await router.read(1, 'SELECT', [], 0x200n);
    expect(routed.route.target).toBe('leader');
  });

  it('acknowledges a write without a query; a read of the organization right after reads the leader position itself (one query for concurrent readers)', async () => {
    const { router, positions, fakes, leaderQuery, setLeader } = setup();
    fakes[0].replay = 0x100n;
    fakes[1].replay = 0x100n;
    await router.refresh();
    leaderQuery.mockClear();
    setLeader(0x200n);
    await Promise.all([1, 2, 3].map((org) => router.recordWrite(org)));
    expect(leaderQuery).not.toHaveBeenCalled();
    // Another organization is not held back, and costs no position query.
    expect((await router.read(9, 'SELECT', [])).route.target).toBe('follower');
    expect(leaderQuery).not.toHaveBeenCalled();
    const routes = await Promise.all(
      [1, 1, 2].map(
        async (org) => (await router.read(org, 'SELECT', [])).route,
      ),
    );
    expect(routes).toEqual(
      Array(3).fill({ target: 'leader', reason: 'stale-for-tenant' }),
    );
    const positionQueries = () =>
      leaderQuery.mock.calls.filter(([sql]) => sql.includes('AS lsn')).length;
    // One position query for the three reads; it stored organization 3's position as well.
    expect(positionQueries()).toBe(1);
    expect(await positions.get(3)).toEqual({ lsn: 0x200n });
    fakes[1].replay = 0x200n;
    await router.refresh();
    expect((await router.read(1, 'SELECT', [])).route).toEqual({
      target: 'follower',
      replica: '2',
      reason: 'fresh',
    });
  });

  it("stores the positions of the writes before a status read with that read's leader position", async () => {
    const { router, positions, leaderQuery, setLeader } = setup();
    await router.refresh();
    setLeader(0x200n);
    await router.recordWrite(1);
    await router.recordWrite(2);
    await router.refresh();
    await router.recordPending();
    leaderQuery.mockClear();
    expect(await positions.get(1)).toEqual({ lsn: 0x200n });
    expect(await positions.get(2)).toEqual({ lsn: 0x200n });
    // Known: a read makes no position query of its own.
    await router.read(1, 'SELECT', []);
    expect(leaderQuery).toHaveBeenCalledTimes(1); // the statement, on the leader
    expect(leaderQuery.mock.calls[0][0]).toBe('SELECT');
  });

  it('stores the positions of unrecorded writes when it stops', async () => {
    const { router, positions, setLeader } = setup();
    await router.refresh();
    setLeader(0x300n);
    await router.recordWrite(4);
    await router.stop();
    expect(await positions.get(4)).toEqual({ lsn: 0x300n });
  });

  it('a write marked by another process: a read takes the leader position itself, requires it and clears the mark', async () => {
    const { router, fakes, positions, setLeader } = setup(
      {},
      new SharedPositions(),
    );
    fakes[0].replay = 0x300n;
    fakes[1].replay = 0x300n;
    await router.refresh();
    setLeader(0x400n);
    // The other process marked its write and has not stored its position (yet, or ever).
    await positions.markWrite(7);
    expect((await router.read(7, 'SELECT', [])).route).toEqual({
      target: 'leader',
      reason: 'stale-for-tenant',
    });
    expect(await positions.get(7)).toEqual({ lsn: 0x400n });
    fakes[1].replay = 0x400n;
    await router.refresh();
    expect((await router.read(7, 'SELECT', [])).route).toEqual({
      target: 'follower',
      replica: '2',
      reason: 'fresh',
    });
  });

  it("marks this process's write for the others, and a newer mark survives the storing of an older write's position", async () => {
    const { router, positions, setLeader } = setup({}, new SharedPositions());
    await router.refresh();
    setLeader(0x500n);
    await router.recordWrite(3);
    expect((await positions.get(3)).pending).toBeDefined();
    await router.refresh();
    await router.recordPending();
    expect(await positions.get(3)).toEqual({ lsn: 0x500n });
    await router.recordWrite(3);
    // Another process writes and marks again before this one has stored its position.
    const newer = await positions.markWrite(3);
    setLeader(0x600n);
    await router.refresh();
    await router.recordPending();
    expect(await positions.get(3)).toEqual({
      lsn: 0x600n,
      pending: newer,
    });
  });

  it('a write whose position cannot be read sends the organization to the leader until it can', async () => {
    const { router, fakes, leaderQuery, setLeader } = setup();
    fakes[0].replay = 0x100n;
    fakes[1].replay = 0x100n;
    await router.refresh();
    setLeader(0x200n);
    await router.recordWrite(1);
    leaderQuery.mockRejectedValueOnce(new Error('connection terminated'));
    expect((await router.read(1, 'SELECT', [])).route).toEqual({
      target: 'leader',
      reason: 'stale-for-tenant',
    });
    // The next read reads it; the followers have not replayed it.
    expect((await router.read(1, 'SELECT', [])).route).toEqual({
      target: 'leader',
      reason: 'stale-for-tenant',
    });
    fakes[0].replay = 0x200n;
    await router.refresh();
    expect((await router.read(1, 'SELECT', [])).route).toEqual({
      target: 'follower',
      replica: '1',
      reason: 'fresh',
    });
  });

  it('while the positions store fails, reads go to the leader; once it answers, every read must see past what was written meanwhile', async () => {
    const { router, fakes, positions, setLeader } = setup();
    await router.refresh();
    const get = jest.spyOn(positions, 'get');
    const advance = jest.spyOn(positions, 'advance');
    get.mockRejectedValue(new Error('redis down'));
    advance.mockRejectedValue(new Error('redis down'));
    setLeader(0x500n);
    await router.recordWrite(1); // committed, but its position is lost
    expect((await router.read(1, 'SELECT', [])).route).toEqual({
      target: 'leader',
      reason: 'stale-for-tenant',
    });
    get.mockRestore();
    advance.mockRestore();
    // The store is back but knows nothing of the write: the floor keeps the followers (at 0) out.
    expect((await router.read(1, 'SELECT', [])).route.target).toBe('leader');
    fakes[0].replay = 0x500n;
    fakes[1].replay = 0x500n;
    await router.refresh();
    expect((await router.read(1, 'SELECT', [])).route.target).toBe('follower');
  });

  it('records nothing with causal reads off, and routes no read by position', async () => {
    const { router, fakes, setLeader, leaderQuery } = setup({
      causalReads: false,
    });
    await router.refresh();
    leaderQuery.mockClear();
    setLeader(0x900n);
    await router.recordWrite(1);
    expect(leaderQuery).not.toHaveBeenCalled();
    expect((await router.read(1, 'SELECT', [])).route.target).toBe('follower');
    expect(fakes[0].reads + fakes[1].reads).toBe(1);
  });
});

describe('LeaderHistory (lag in time)', () => {
  it('is 0 for a follower that has replayed everything, however long the leader has been idle', () => {
    const history = new LeaderHistory(60_000);
    history.record(100n, 0);
    expect(history.lagOf(100n, 3_600_000)).toEqual({ ms: 0, bytes: 0 });
  });

  it('counts from when the leader first passed the follower', () => {
    const history = new LeaderHistory(60_000);
    history.record(100n, 0);
    history.record(200n, 1_000);
    history.record(300n, 2_000);
    expect(history.lagOf(150n, 5_000)).toEqual({ ms: 4_000, bytes: 150 });
    expect(history.lagOf(250n, 5_000)).toEqual({ ms: 3_000, bytes: 50 });
  });

  it('forgets old samples but still reports a follower behind all of them as at least that far behind', () => {
    const history = new LeaderHistory(10_000);
    for (let second = 0; second <= 100; second += 1)
      history.record(BigInt(second * 10 + 10), second * 1_000);
    expect(history.lagOf(0n, 100_000).ms).toBeGreaterThanOrEqual(10_000);
  });
});
