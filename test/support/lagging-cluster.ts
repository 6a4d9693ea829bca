import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import {
  type EmbeddedCluster,
  startEmbeddedCluster,
} from '../../scripts/embedded-cluster.js';
import { freshDataDir } from './fresh-data-dir.js';
import type { Http, HttpResponse } from './http.js';

/**
 * A leader + two streaming followers of a test's own (the shared cluster must keep replaying for
 * the other test files), with replay paused and resumed on demand: `pg_wal_replay_pause()` keeps
 * receiving WAL but applies none, which is what a follower stuck behind looks like.
 */
export class LaggingCluster {
  private constructor(
    readonly cluster: EmbeddedCluster,
    private readonly leader: pg.Client,
  ) {}

  static async start(name: string): Promise<LaggingCluster> {
    const cluster = await startEmbeddedCluster({
      dataDir: await freshDataDir(name),
      fsyncOff: true,
      followers: 2,
    });
    const leader = new pg.Client({ connectionString: cluster.leaderUrl });
    await leader.connect();
    return new LaggingCluster(cluster, leader);
  }

  /** ANALYTICS_DB_URL for both followers. */
  get analyticsUrl(): string {
    return this.cluster.followerUrls.join(',');
  }

  /** Stops applying WAL on follower `index` (0-based; its replica label is index + 1). */
  async pause(index: number): Promise<void> {
    await this.onFollower(index, 'SELECT pg_wal_replay_pause()');
  }

  async resume(index: number): Promise<void> {
    await this.onFollower(index, 'SELECT pg_wal_replay_resume()');
  }

  /** SIGKILLs follower `index`'s postmaster (as a crashed host would leave it); `cluster.startFollower(index)` brings it back. */
  kill(index: number): void {
    const pidFile = join(
      this.cluster.followerDataDirs[index],
      'postmaster.pid',
    );
    process.kill(
      Number(readFileSync(pidFile, 'utf8').split('\n')[0]),
      'SIGKILL',
    );
  }

  async resumeAll(): Promise<void> {
    for (const index of this.cluster.followerUrls.keys())
      await this.resume(index).catch(() => undefined);
  }

  /** A connection per call: a follower a test killed and restarted is reached again. */
  private async onFollower(index: number, sql: string): Promise<void> {
    const client = new pg.Client({
      connectionString: this.cluster.followerUrls[index],
    });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  /** A statement on the leader, outside the API (its position is recorded for nobody). */
  query<R extends pg.QueryResultRow>(
    sql: string,
    params: unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    return this.leader.query<R>(sql, params);
  }

  async stop(): Promise<void> {
    await this.leader.end().catch(() => undefined);
    await this.cluster.stop();
  }
}

/** Who answered an analytics read and why, from its headers. */
export interface RouteSeen {
  servedBy: string | null;
  replica: string | null;
  reason: string | null;
}

export function routeOf(response: HttpResponse): RouteSeen {
  return {
    servedBy: response.headers.get('x-served-by'),
    replica: response.headers.get('x-served-by-replica'),
    reason: response.headers.get('x-routing-reason'),
  };
}

/** GET /api/analytics: the organization's total accounts and the route. */
export async function readTotals(
  client: Http,
): Promise<{ totalAccounts: number; route: RouteSeen }> {
  const response = await client.get<{ total_accounts: number }>(
    '/api/analytics',
  );
  if (response.status !== 200)
    throw new Error(`GET /api/analytics: ${response.status} ${response.text}`);
  return {
    totalAccounts: response.body.total_accounts,
    route: routeOf(response),
  };
}
