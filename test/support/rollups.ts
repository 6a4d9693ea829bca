import { expect } from '@jest/globals';
import pg from 'pg';
import { waitFor } from './wait.js';

/**
 * The test's own oracle for the analytics rollups (written here, not taken from the app): what the
 * rollups say and what a count of the rows says, for one organization, in one snapshot.
 */
export interface RollupState {
  totals: { customers: number; accounts: number; active: number };
  /** [customer_id, accounts, active accounts], by customer id. */
  counts: [number, number, number][];
  /** [number of accounts, customers], buckets with customers only. */
  buckets: [number, number][];
  /** Per UTC day: net customers, net accounts, net active accounts. */
  days: Record<string, [number, number, number]>;
}

type Triple = [number, number, number];

async function inSnapshot<T>(
  db: pg.Client,
  work: () => Promise<T>,
): Promise<T> {
  await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    return await work();
  } finally {
    await db.query('COMMIT');
  }
}

/** The organization as its rows say (live counts). */
export function liveState(db: pg.Client, org: number): Promise<RollupState> {
  return inSnapshot(db, async () => {
    const [totals] = (
      await db.query<RollupState['totals']>(
        `SELECT (SELECT count(*)::int FROM customers WHERE organization_id = $1) AS customers,
                count(*)::int AS accounts, (count(*) FILTER (WHERE status = 'active'))::int AS active
           FROM accounts WHERE organization_id = $1`,
        [org],
      )
    ).rows;
    const counts = (
      await db.query<{ row: Triple }>(
        `SELECT ARRAY[c.id::int, count(a.id)::int, (count(a.id) FILTER (WHERE a.status = 'active'))::int] AS row
           FROM customers c LEFT JOIN accounts a ON a.organization_id = c.organization_id AND a.customer_id = c.id
          WHERE c.organization_id = $1 GROUP BY c.id ORDER BY c.id`,
        [org],
      )
    ).rows.map((r) => r.row);
    const perBucket = new Map<number, number>();
    for (const [, accounts] of counts)
      perBucket.set(accounts, (perBucket.get(accounts) ?? 0) + 1);
    const buckets = [...perBucket.entries()].sort(([a], [b]) => a - b);
    return { totals, counts, buckets, days: {} };
  });
}

/** The organization as the rollups say. */
export function rolledState(db: pg.Client, org: number): Promise<RollupState> {
  return inSnapshot(db, async () => {
    const [totals] = (
      await db.query<RollupState['totals']>(
        `SELECT coalesce(sum(customers_net), 0)::int AS customers, coalesce(sum(accounts_net), 0)::int AS accounts,
                coalesce(sum(active_net), 0)::int AS active
           FROM analytics_daily WHERE organization_id = $1`,
        [org],
      )
    ).rows;
    const counts = (
      await db.query<{ row: Triple }>(
        `SELECT ARRAY[customer_id::int, total_accounts, active_accounts] AS row
           FROM customer_account_counts WHERE organization_id = $1 ORDER BY customer_id`,
        [org],
      )
    ).rows.map((r) => r.row);
    const buckets = (
      await db.query<{ row: [number, number] }>(
        `SELECT ARRAY[account_count, sum(customer_count)::int] AS row FROM analytics_distribution
          WHERE organization_id = $1 GROUP BY account_count HAVING sum(customer_count) <> 0 ORDER BY account_count`,
        [org],
      )
    ).rows.map((r) => r.row);
    const days = Object.fromEntries(
      (
        await db.query<{ day: string; row: Triple }>(
          `SELECT to_char(day, 'YYYY-MM-DD') AS day,
                  ARRAY[sum(customers_net)::int, sum(accounts_net)::int, sum(active_net)::int] AS row
             FROM analytics_daily WHERE organization_id = $1 GROUP BY day`,
          [org],
        )
      ).rows.map((r) => [r.day, r.row]),
    );
    return { totals, counts, buckets, days };
  });
}

/** Every rollup of the organization equals a count of its rows, on `db` (leader or follower). */
export async function expectRollupsExact(
  db: pg.Client,
  org: number,
): Promise<RollupState> {
  const rolled = await rolledState(db, org);
  const live = await liveState(db, org);
  expect({ org, ...rolled, days: {} }).toEqual({ org, ...live });
  return rolled;
}

/** Waits until the follower has replayed everything the leader had written when called. */
export async function followerCaughtUp(
  leader: pg.Client,
  follower: pg.Client,
): Promise<void> {
  const [{ lsn }] = (
    await leader.query<{ lsn: string }>(
      'SELECT pg_current_wal_insert_lsn()::text AS lsn',
    )
  ).rows;
  await waitFor('the follower to replay the leader', async () => {
    const [{ done }] = (
      await follower.query<{ done: boolean }>(
        'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done',
        [lsn],
      )
    ).rows;
    return done;
  });
}

/** One client per server of the test cluster: the leader and each follower. */
export async function connectCluster(): Promise<{
  leader: pg.Client;
  followers: pg.Client[];
  end: () => Promise<void>;
}> {
  const urls = (process.env.TEST_ANALYTICS_DB_URL ?? '')
    .split(',')
    .filter(Boolean);
  // A statement that waits (once, in one CI run of many, one waited a minute on the leader and
  // left this client inside its snapshot for the tests after it) fails after 20 s with its own
  // line in the stack, and the snapshot's COMMIT then rolls the aborted transaction back.
  const settings = {
    statement_timeout: 20_000,
    application_name: 'rollup-tests',
  };
  const leader = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL,
    ...settings,
  });
  const followers = urls.map(
    (url) => new pg.Client({ connectionString: url, ...settings }),
  );
  await Promise.all([leader, ...followers].map((client) => client.connect()));
  namesWhatItWaitedFor(leader);
  return {
    leader,
    followers,
    end: async () => {
      await Promise.all([leader, ...followers].map((client) => client.end()));
    },
  };
}

/**
 * A statement of `client` cancelled by its statement_timeout fails with what the database's other
 * sessions were doing at that moment (who blocked whom, on what): the evidence for a rare wait.
 */
function namesWhatItWaitedFor(client: pg.Client): void {
  const query = client.query.bind(client) as (
    ...args: unknown[]
  ) => Promise<unknown>;
  (client as unknown as { query: typeof query }).query = async (
    ...args: unknown[]
  ) => {
    try {
      return await query(...args);
    } catch (error) {
      if ((error as { code?: string }).code !== '57014') throw error;
      throw new Error(
        `${(error as Error).message}; ${await whatWasGoingOn(args)}`,
        { cause: error },
      );
    }
  };
}

/**
 * On a connection of its own: the database's other active sessions (first: the moment matters),
 * then the EXPLAIN of the statement given as (text, values).
 */
async function whatWasGoingOn(args: unknown[]): Promise<string> {
  const observer = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL,
  });
  const attempt = async (what: string, work: () => Promise<string>) => {
    try {
      return await work();
    } catch (error) {
      return `(could not read ${what}: ${(error as Error).message})`;
    }
  };
  try {
    await observer.connect();
    const sessions = await attempt('pg_stat_activity', async () =>
      JSON.stringify(
        (
          await observer.query(
            `SELECT pid, application_name, state, wait_event_type, wait_event, pg_blocking_pids(pid) AS blocked_by,
                    (now() - xact_start)::text AS in_transaction, left(query, 300) AS query
               FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
          )
        ).rows,
      ),
    );
    const [text, values] = args;
    const plan =
      typeof text === 'string'
        ? await attempt('its plan', async () =>
            (
              await observer.query<{ 'QUERY PLAN': string }>(
                `EXPLAIN ${text}`,
                values as unknown[] | undefined,
              )
            ).rows
              .map((row) => row['QUERY PLAN'])
              .join(' / '),
          )
        : '(not a text statement)';
    return `its plan: ${plan}; the database's other sessions then: ${sessions}`;
  } catch (error) {
    return `(could not connect to look: ${(error as Error).message})`;
  } finally {
    await observer.end().catch(() => undefined);
  }
}
