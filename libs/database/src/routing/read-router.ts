import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { tracing } from '@app/common';
import { isConnectionError, isRecoveryConflict } from '../database-errors.js';
import { withTimeout } from '../with-timeout.js';
import {
  type Follower,
  type FollowerReport,
  type PgPool,
  pgPoolOf,
} from './follower.js';
import { runStatement } from './statements.js';
import { type Lsn, maxLsn, parseLsn } from './lsn.js';
import { LeaderHistory } from './replica-lag.js';
import type { Recorded, TenantPositions } from './tenant-positions.js';

/** The contract's X-Routing-Reason values. */
export const ROUTE_REASONS = [
  'fresh',
  'caught-up-after-wait',
  'lagging',
  'stale-for-tenant',
  'down',
  'no-follower',
] as const;
export type RouteReason = (typeof ROUTE_REASONS)[number];

/** Who answered a read and why: X-Served-By, X-Served-By-Replica, X-Routing-Reason. */
export interface Route {
  target: 'follower' | 'leader';
  /** The follower's 1-based index in ANALYTICS_DB_URL; absent for the leader. */
  replica?: string;
  reason: RouteReason;
}

/**
 * Columns every routed statement returns (put `${SERVED_COLUMNS}` in its select list): which
 * server computed the rows, and the WAL position of the state they show (the replay position on a
 * follower, the leader's insert position on the leader). Evaluated inside the statement itself.
 */
export const SERVED_COLUMNS = `pg_is_in_recovery() AS in_recovery,
  (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text AS served_lsn`;

export interface ServedRow {
  in_recovery: boolean;
  served_lsn: string;
}

export interface Routed<R> {
  rows: (R & ServedRow)[];
  route: Route;
}

/** How analytics reads are routed, as /health reports it. */
export type AnalyticsMode = 'follower' | 'replication' | 'using primary';

export interface ReadRouterSettings {
  /** DB_ROUTING: followers with their own DataSources, or TypeORM's replication slaves. */
  routing: 'explicit' | 'replication';
  causalReads: boolean;
  causalWaitMs: number;
  maxLagMs: number;
  statusIntervalMs: number;
  /** DB_CONNECT_TIMEOUT_MS: a follower whose status query takes longer is down. */
  probeTimeoutMs: number;
}

/** A write of this process whose position is not known yet. */
interface UnrecordedWrite {
  /** Its number in the process's count of writes. */
  write: number;
  /** The token of its mark in the shared store (undefined without one, or if marking failed). */
  mark: Promise<string | undefined>;
}

/** The positions store failed: reads cannot prove a follower fresh and go to the leader. */
class PositionsUnavailable extends Error {}

const WAIT_STEP_MS = 5;
const NO_MARK = Promise.resolve(undefined);
const LEADER_POSITION_SQL =
  'SELECT pg_current_wal_insert_lsn()::text AS lsn, pg_current_wal_flush_lsn()::text AS flushed';

/**
 * Decides, for every analytics read, which server answers (the contract's "fresh enough" rules):
 *
 * - a follower serves an organization's read only once it has replayed the position recorded for
 *   that organization (its writes, and the newest state it has been shown: reads never go back);
 *   the decision uses the replay position read *before* the statement starts, so the statement's
 *   snapshot is at least that fresh; the statement also returns its own position, and a server
 *   found behind what it reported earlier (replaced under the same address) is not believed;
 * - otherwise the read waits up to `causalWaitMs`, checking the followers, then goes to the leader;
 * - a follower more than `maxLagMs` behind (lag breaker) or unreachable serves nobody;
 * - reads are balanced round-robin over the followers that qualify.
 *
 * The leader's and every follower's position are read every `statusIntervalMs` (one small query
 * each), so choosing a follower costs no round trip.
 */
export class ReadRouter {
  private readonly logger = new Logger(ReadRouter.name);
  private readonly history: LeaderHistory;
  private readonly counts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private turn = 0;
  private leaderPosition: Promise<Lsn> | undefined;
  private nextLeaderPosition: Promise<Lsn> | undefined;
  /** One connection to the leader of its own for the position queries (see positionPool()). */
  private positionConnection: pg.Pool | undefined;
  /** Set after the positions store failed and answered again: everything written meanwhile is below it. */
  private floor: Lsn = 0n;
  private positionsFailing = false;
  /** Counts this process's writes (recordWrite): a leader position read after write n covers writes 1..n. */
  private writes = 0;
  /** Per organization, its last write in this process whose position is not known yet (see recordWrite). */
  private readonly unrecorded = new Map<number, UnrecordedWrite>();
  /** Per organization, positions of this process's writes being stored (never rejects). */
  private readonly storing = new Map<number, Promise<void>>();
  /** The leader position query in flight for unrecorded writes, and the last write it covers. */
  private settling: { upTo: number; done: Promise<void> } | undefined;

  constructor(
    private readonly leader: DataSource,
    readonly followers: readonly Follower[],
    private readonly positions: TenantPositions,
    private readonly settings: ReadRouterSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.history = new LeaderHistory(Math.max(60_000, settings.maxLagMs * 2));
  }

  /** Reads every position once (so the first requests are routed on facts), then keeps reading them. */
  async start(): Promise<void> {
    await this.refresh();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.recordPending();
    await Promise.all(
      this.followers.map((follower) => follower.connection.close()),
    );
    await this.positions.close();
  }

  get mode(): AnalyticsMode {
    if (this.followers.length === 0) return 'using primary';
    return this.settings.routing === 'replication' ? 'replication' : 'follower';
  }

  /** Nest: stop reading positions before the pools close. */
  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /**
   * Nest, after every module's destroy hooks: a job still running at shutdown (the api and the
   * worker finish theirs) records its writes' position on this connection, so it closes last.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.recordPending();
    await this.positionConnection?.end();
  }

  /** Reads the leader's position now and stores it for every write of this process not recorded yet. */
  async recordPending(): Promise<void> {
    if (this.unrecorded.size > 0)
      await this.settle(this.writes).catch(() => {
        // The leader cannot be read: a read of these organizations tries again (else the leader answers).
      });
    await Promise.all(this.storing.values());
  }

  /** Where write positions live (the System page): shared in Redis, this process only, or not kept. */
  get positionsMode(): 'redis' | 'memory' | 'off' {
    if (!this.settings.causalReads) return 'off';
    return this.positions.shared ? 'redis' : 'memory';
  }

  /**
   * Runs a read-only statement (which selects {@link SERVED_COLUMNS}) for `organizationId` on a
   * follower fresh enough for it, else on the leader. `after`: a position the read must also see
   * (a job's enqueue position).
   */
  async read<R>(
    organizationId: number,
    sql: string,
    params: readonly unknown[],
    after: Lsn = 0n,
  ): Promise<Routed<R>> {
    if (this.followers.length === 0)
      return this.onLeader(organizationId, sql, params, 'no-follower', false);
    let required: Lsn;
    try {
      required = await this.requiredPosition(organizationId, after);
    } catch (error) {
      if (!(error instanceof PositionsUnavailable)) throw error;
      return this.onLeader(
        organizationId,
        sql,
        params,
        'stale-for-tenant',
        false,
      );
    }
    const tried = new Set<Follower>();
    for (;;) {
      const usable = this.followers.filter(
        (follower) => follower.status === 'up' && !tried.has(follower),
      );
      if (usable.length === 0) {
        const lagging = this.followers.some(
          (follower) => follower.status === 'lagging',
        );
        return this.onLeader(
          organizationId,
          sql,
          params,
          lagging ? 'lagging' : 'down',
          true,
        );
      }
      let reason: RouteReason = 'fresh';
      let chosen = this.pick(usable, required);
      if (!chosen) {
        reason = 'caught-up-after-wait';
        chosen = await this.waitForReplay(usable, required);
      }
      if (!chosen)
        return this.onLeader(
          organizationId,
          sql,
          params,
          'stale-for-tenant',
          true,
        );
      tried.add(chosen);
      let rows: (R & ServedRow)[];
      try {
        const follower = chosen;
        rows = await tracing().routed(
          { role: 'follower', replica: follower.replica, reason },
          () => follower.connection.query<R & ServedRow>(sql, params),
        );
      } catch (error) {
        if (isConnectionError(error)) {
          chosen.setStatus('down', (error as Error).message);
          continue;
        }
        if (isRecoveryConflict(error)) continue;
        throw error;
      }
      const served = parseLsn(rows[0]?.served_lsn);
      if (served !== null && served < required) {
        chosen.wentBack(served);
        continue;
      }
      // The statement saw the follower's replay position: fresher than the last status read, so
      // the next read raised to it (monotonic) finds this follower fresh without a direct check.
      if (served !== null) chosen.sawReplay(served);
      await this.shown(organizationId, served, required);
      return this.routed(rows, {
        target: 'follower',
        replica: chosen.replica,
        reason,
      });
    }
  }

  /**
   * After a write transaction of the organization committed, before the write is acknowledged.
   * The write's position is any leader position read after this call. No query is made here: the
   * next status read (every statusIntervalMs: it reads the leader's position anyway) stores it,
   * and a read of the organization that comes first reads the leader's position itself (one query
   * shared by concurrent readers) and stores it. With a shared store the write is marked there
   * before it is acknowledged, so that a read in another process that finds the mark does the same.
   * Measured: a query per write (shared by concurrent writers) cost the api ~120 µs of CPU per
   * write on 2 cores, and writes that waited for it ran at 0.79-1.02 of the rate without causal
   * reads (npm run bench, routing table).
   */
  async recordWrite(organizationId: number): Promise<void> {
    if (!this.settings.causalReads || this.followers.length === 0) return;
    const mark = this.positions.shared
      ? this.positions.markWrite(organizationId).catch((error: unknown) => {
          this.positionsFailed(error);
          return undefined;
        })
      : NO_MARK;
    this.writes += 1;
    this.unrecorded.set(organizationId, { write: this.writes, mark });
    await mark;
  }

  /**
   * Reads the leader's position and stores it for every unrecorded write up to the current one;
   * a query in flight that covers `write` (this process's write number) is shared.
   */
  private settle(write: number): Promise<void> {
    if (this.settling && this.settling.upTo >= write) return this.settling.done;
    const upTo = this.writes;
    const done = this.queryLeaderPosition().then((position) => {
      this.storeWritePositions(position, upTo);
    });
    const settling = { upTo, done };
    this.settling = settling;
    const finished = () => {
      if (this.settling === settling) this.settling = undefined;
    };
    done.then(finished, finished);
    return done;
  }

  /**
   * Stores `position`, read from the leader after write number `upTo` of this process, for every
   * organization whose last unrecorded write is at most `upTo`. A read of one of them waits for
   * the store (see requiredPosition) from the moment its write leaves `unrecorded`.
   */
  private storeWritePositions(position: Lsn, upTo: number): void {
    for (const [organizationId, unrecorded] of this.unrecorded) {
      if (unrecorded.write > upTo) continue;
      this.unrecorded.delete(organizationId);
      const before = this.storing.get(organizationId);
      const stored: Promise<void> = Promise.all([
        before,
        unrecorded.mark.then((token) =>
          this.advance(organizationId, position, token),
        ),
      ])
        .catch((error: unknown) => {
          // advance() handles the store's failures; this is the leader failing under its floor read.
          this.positionsFailed(error);
        })
        .then(() => {
          if (this.storing.get(organizationId) === stored)
            this.storing.delete(organizationId);
        });
      this.storing.set(organizationId, stored);
    }
  }

  /** The position a job enqueued now must see: the leader's current one (and the organization's). */
  async positionForJob(organizationId: number): Promise<Lsn> {
    if (this.followers.length === 0) return 0n;
    const leader = await this.leaderPositionNow();
    if (!this.settings.causalReads) return leader;
    try {
      return maxLsn(leader, await this.requiredPosition(organizationId, 0n));
    } catch {
      return leader;
    }
  }

  reports(): FollowerReport[] {
    return this.followers.map((follower) => follower.report());
  }

  /** db_read_routes_total, since the process started. */
  routeCounts(): { target: string; reason: string; count: number }[] {
    return [...this.counts].map(([key, count]) => {
      const [target, reason] = key.split(' ');
      return { target, reason, count };
    });
  }

  private async requiredPosition(
    organizationId: number,
    after: Lsn,
  ): Promise<Lsn> {
    if (!this.settings.causalReads) return 0n;
    // This process's last write of the organization: its position is read now if not known yet,
    // and stored before the organization's position is read.
    const unrecorded = this.unrecorded.get(organizationId);
    if (unrecorded)
      try {
        await this.settle(unrecorded.write);
      } catch {
        throw new PositionsUnavailable();
      }
    await this.storing.get(organizationId);
    let recorded: Recorded;
    try {
      recorded = await this.positions.get(organizationId);
    } catch (error) {
      this.positionsFailed(error);
      throw new PositionsUnavailable();
    }
    await this.positionsAnswered();
    const required = maxLsn(maxLsn(recorded.lsn, after), this.floor);
    if (recorded.pending === undefined) return required;
    // Another process's write committed and its position is not stored yet: the leader's position
    // now (a query started after the mark was read) is past it. Stored, and the mark cleared.
    let leader: Lsn;
    try {
      leader = await this.leaderPositionNow();
    } catch {
      throw new PositionsUnavailable();
    }
    await this.advance(organizationId, leader, recorded.pending);
    return maxLsn(required, leader);
  }

  private async advance(
    organizationId: number,
    position: Lsn,
    clears?: string,
  ): Promise<void> {
    try {
      await this.positions.advance(organizationId, position, clears);
    } catch (error) {
      // The write is committed; until the store answers again reads go to the leader (see floor).
      this.positionsFailed(error);
      return;
    }
    await this.positionsAnswered();
  }

  private positionsFailed(error: unknown): void {
    if (!this.positionsFailing)
      this.logger.warn(
        `write positions unavailable (${(error as Error).message}): analytics read from the leader until they are back`,
      );
    this.positionsFailing = true;
  }

  private async positionsAnswered(): Promise<void> {
    if (!this.positionsFailing) return;
    // Writes made while the store was failing were not recorded: every read must see past them.
    this.floor = maxLsn(this.floor, await this.leaderPositionNow());
    this.positionsFailing = false;
    this.logger.log('write positions available again');
  }

  /** Monotonic reads: the organization never gets an older state than this one again. */
  private async shown(
    organizationId: number,
    served: Lsn | null,
    required: Lsn,
  ): Promise<void> {
    if (!this.settings.causalReads || served === null || served <= required)
      return;
    await this.advance(organizationId, served);
  }

  private pick(usable: Follower[], required: Lsn): Follower | undefined {
    const fresh = usable.filter(
      (follower) => follower.replay !== null && follower.replay >= required,
    );
    if (fresh.length === 0) return undefined;
    this.turn = (this.turn + 1) % 1_000_000;
    return fresh[this.turn % fresh.length];
  }

  /** Checks the followers' replay positions directly until one has `required`, for at most causalWaitMs. */
  private async waitForReplay(
    usable: Follower[],
    required: Lsn,
  ): Promise<Follower | undefined> {
    if (this.settings.causalWaitMs <= 0) return undefined;
    const deadline = this.now() + this.settings.causalWaitMs;
    for (;;) {
      await Promise.all(
        usable.map((follower) =>
          follower
            .checkReplay()
            .catch(() => null /* the poller marks it down */),
        ),
      );
      const chosen = this.pick(usable, required);
      if (chosen) return chosen;
      const left = deadline - this.now();
      if (left <= 0) return undefined;
      await sleep(Math.min(WAIT_STEP_MS, left));
    }
  }

  private async onLeader<R>(
    organizationId: number,
    sql: string,
    params: readonly unknown[],
    reason: RouteReason,
    remember: boolean,
  ): Promise<Routed<R>> {
    const pool = this.leaderPool();
    const rows = await tracing().routed({ role: 'leader', reason }, () =>
      pool
        ? runStatement<R & ServedRow>(pool, sql, params)
        : this.leader.query<(R & ServedRow)[]>(sql, [...params]),
    );
    if (remember)
      await this.shown(organizationId, parseLsn(rows[0]?.served_lsn), 0n);
    return this.routed(rows, { target: 'leader', reason });
  }

  private routed<R>(rows: (R & ServedRow)[], route: Route): Routed<R> {
    const key = `${route.target} ${route.reason}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return { rows, route };
  }

  /**
   * The leader's insert position from a query that started after this call: every transaction
   * committed before the call is below it. Concurrent callers share a query.
   */
  private leaderPositionNow(): Promise<Lsn> {
    if (!this.leaderPosition) {
      this.leaderPosition = this.queryLeaderPosition().finally(() => {
        this.leaderPosition = undefined;
      });
      return this.leaderPosition;
    }
    // The query in flight may have started before our commit: take the next one.
    this.nextLeaderPosition ??= this.leaderPosition
      .catch(() => undefined)
      .then(() => {
        this.nextLeaderPosition = undefined;
        return this.leaderPositionNow();
      });
    return this.nextLeaderPosition;
  }

  private async queryLeaderPosition(): Promise<Lsn> {
    return parseLsn((await this.leaderPositions()).lsn) ?? 0n;
  }

  /** The leader's positions (status reads, reads after a write, jobs), on a connection of its own (positionPool()). */
  private async leaderPositions(): Promise<{ lsn: string; flushed: string }> {
    const pool = this.positionPool();
    const rows = pool
      ? (await pool.query(LEADER_POSITION_SQL)).rows
      : await this.leader.query<unknown[]>(LEADER_POSITION_SQL);
    return rows[0] as { lsn: string; flushed: string };
  }

  /**
   * A pool of one connection to the leader, with the primary pool's settings, for the position
   * queries only: on the primary pool they queued behind the requests' own statements (16
   * concurrent requests on 10 connections). Measured when every write waited for one: writes with
   * causal reads ran at 0.86 of the rate without on the primary pool, 0.79-1.02 (mean 0.93, six
   * runs) with this connection (npm run bench, routing table). One query at a time is all it
   * needs: concurrent callers share it.
   */
  private positionPool(): pg.Pool | undefined {
    if (this.positionConnection) return this.positionConnection;
    const primary: (PgPool & { options?: pg.PoolConfig }) | undefined =
      this.leaderPool();
    if (!primary?.options) return undefined;
    // allowExitOnIdle: an idle connection never keeps the process alive.
    const pool = new pg.Pool({
      ...primary.options,
      max: 1,
      allowExitOnIdle: true,
    });
    // An idle connection that fails (the leader restarts) is dropped; the next query reconnects.
    pool.on('error', (error) => {
      this.logger.warn(
        `position connection to the leader lost: ${error.message}`,
      );
    });
    this.positionConnection = pool;
    return pool;
  }

  /** The leader's pg pool: routed statements run on it directly, as on a follower's. */
  private leaderPool(): PgPool | undefined {
    return pgPoolOf(this.leader);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.refresh().finally(() => {
        this.schedule();
      });
    }, this.settings.statusIntervalMs);
    this.timer.unref();
  }

  /** Reads the leader's flushed position and every follower's replay position; updates lag and status. */
  async refresh(): Promise<void> {
    if (this.followers.length === 0) return;
    try {
      const upTo = this.writes;
      const leader = await this.leaderPositions();
      const flushed = parseLsn(leader.flushed);
      if (flushed !== null) this.history.record(flushed, this.now());
      if (this.unrecorded.size > 0)
        this.storeWritePositions(parseLsn(leader.lsn) ?? 0n, upTo);
    } catch {
      // The leader is unreachable: its health check says so; the followers' lag stays as it was.
    }
    await Promise.all(
      this.followers.map((follower) => this.refreshFollower(follower)),
    );
  }

  private async refreshFollower(follower: Follower): Promise<void> {
    let replay: Lsn | null;
    try {
      replay = await withTimeout(
        follower.checkReplay(),
        this.settings.probeTimeoutMs,
      );
    } catch (error) {
      // Shutting down: the pools closing under a status read are not a follower going down.
      if (!this.stopped) follower.setStatus('down', (error as Error).message);
      return;
    }
    if (replay === null) {
      follower.setStatus(
        'down',
        'not a standby (pg_is_in_recovery() is false)',
      );
      return;
    }
    const lag = this.history.lagOf(follower.replay ?? replay, this.now());
    follower.lagMs = lag.ms;
    follower.lagBytes = lag.bytes;
    follower.setStatus(
      lag.ms > this.settings.maxLagMs ? 'lagging' : 'up',
      lag.ms > this.settings.maxLagMs
        ? `${lag.ms} ms behind, limit ${this.settings.maxLagMs} ms`
        : '',
    );
  }
}
