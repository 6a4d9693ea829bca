import { Logger } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { formatLsn, type Lsn, parseLsn } from './lsn.js';
import { type Queryable, runStatement } from './statements.js';

/** The contract's per-follower status (/health): `lagging` and `down` serve no reads. */
export type FollowerStatus = 'up' | 'lagging' | 'down';

/** A pg.Pool: statements (runStatement) and the counters the pool metrics read. */
export interface PgPool extends Queryable {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** A DataSource's pg pool (its master pool; undefined before it is initialized). */
export function pgPoolOf(
  dataSource: DataSource | undefined,
): PgPool | undefined {
  return (dataSource?.driver as { master?: PgPool } | undefined)?.master;
}

/** Where a follower's statements go: its own DataSource (explicit routing) or one of TypeORM's replication slave pools. */
export interface FollowerConnection {
  /** Connects if not yet connected; rejects when the server cannot be reached. */
  query<R>(sql: string, params: readonly unknown[]): Promise<R[]>;
  /** The pg pool, for the pool metrics (undefined before the first connection). */
  pool(): PgPool | undefined;
  close(): Promise<void>;
}

/** A follower with its own DataSource, connected on first use and re-tried by every later use until it answers. */
export class DataSourceFollower implements FollowerConnection {
  private dataSource: DataSource | undefined;
  private connecting: Promise<DataSource> | undefined;

  constructor(private readonly options: DataSourceOptions) {}

  private connect(): Promise<DataSource> {
    if (this.dataSource) return Promise.resolve(this.dataSource);
    this.connecting ??= new DataSource(this.options)
      .initialize()
      .then((dataSource) => {
        this.dataSource = dataSource;
        return dataSource;
      })
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  async query<R>(sql: string, params: readonly unknown[]): Promise<R[]> {
    const pool = pgPoolOf(await this.connect());
    if (!pool) throw new Error('The follower has no pool after connecting');
    return runStatement<R>(pool, sql, params);
  }

  pool(): PgPool | undefined {
    return pgPoolOf(this.dataSource);
  }

  async close(): Promise<void> {
    await this.connecting?.catch(() => undefined);
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * DB_ROUTING=replication: one of the slave pools TypeORM built inside the primary DataSource. The
 * router picks the pool itself (TypeORM's `createQueryRunner('slave')` would pick one at random,
 * without knowing which followers have replayed what).
 */
export class ReplicationSlaveFollower implements FollowerConnection {
  constructor(private readonly slave: PgPool) {}

  query<R>(sql: string, params: readonly unknown[]): Promise<R[]> {
    return runStatement<R>(this.slave, sql, params);
  }

  pool(): PgPool {
    return this.slave;
  }

  close(): Promise<void> {
    return Promise.resolve(); // the primary DataSource owns and closes its slave pools
  }
}

/** What /health and the metrics show of one follower. */
export interface FollowerReport {
  /** 1-based position in ANALYTICS_DB_URL: the `replica` label and X-Served-By-Replica (never the host). */
  replica: string;
  status: FollowerStatus;
  lag_ms: number;
  lag_bytes: number;
  /** The last replay position read, `X/Y` as PostgreSQL prints it; null before the first answer. */
  replay_lsn: string | null;
}

const REPLAY_SQL = 'SELECT pg_last_wal_replay_lsn()::text AS replay';

/** One follower's connection and the routing state kept about it. */
export class Follower {
  private readonly logger = new Logger('ReadRouter');
  /** The highest replay position read from the server (only ever raised, except when the server proves it went back). */
  replay: Lsn | null = null;
  status: FollowerStatus = 'down';
  lagMs = 0;
  lagBytes = 0;
  private checking: Promise<Lsn | null> | undefined;

  constructor(
    readonly replica: string,
    /** host:port for the logs only. */
    readonly where: string,
    readonly connection: FollowerConnection,
  ) {}

  /**
   * Reads the replay position now (one in flight at a time: callers share it). Rejects when the
   * server cannot be reached; resolves null when the server is not a standby.
   */
  checkReplay(): Promise<Lsn | null> {
    this.checking ??= this.connection
      .query<{ replay: string | null }>(REPLAY_SQL, [])
      .then((rows) => {
        const replay = parseLsn(rows.at(0)?.replay);
        if (replay !== null) this.sawReplay(replay);
        return replay;
      })
      .finally(() => {
        this.checking = undefined;
      });
    return this.checking;
  }

  sawReplay(replay: Lsn): void {
    if (this.replay === null || replay > this.replay) this.replay = replay;
  }

  /** The server answered with an older position than recorded: it was replaced or rebuilt. */
  wentBack(replay: Lsn): void {
    this.logger.warn(
      `follower ${this.replica} (${this.where}) is at an older WAL position than it reported before: replaced or rebuilt?`,
    );
    this.replay = replay;
  }

  setStatus(status: FollowerStatus, detail: string): void {
    if (status !== this.status) {
      const log = status === 'up' ? 'log' : 'warn';
      this.logger[log](
        `follower ${this.replica} (${this.where}): ${this.status} -> ${status}${detail ? ` (${detail})` : ''}`,
      );
    }
    this.status = status;
  }

  report(): FollowerReport {
    return {
      replica: this.replica,
      status: this.status,
      lag_ms: Math.round(this.lagMs),
      lag_bytes: this.lagBytes,
      replay_lsn: this.replay === null ? null : formatLsn(this.replay),
    };
  }
}
