import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { HistoryDayDto } from '../../apps/api/src/analytics/dto/analytics.dto.js';
import { MIGRATIONS } from '../../libs/database/src/migrations/index.js';
import { DataSource } from 'typeorm';
import type { AccountDto } from '../../apps/api/src/accounts/dto/account.dto.js';
import type { CustomerDto } from '../../apps/api/src/customers/dto/customer.dto.js';
import { newAccount, newCustomer } from '../support/factories.js';
import { type Http, signUp, uniqueName } from '../support/http.js';
import {
  connectCluster,
  expectRollupsExact,
  followerCaughtUp,
  liveState,
  rolledState,
  type RollupState,
} from '../support/rollups.js';
import { useTestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

const utcDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * The analytics rollups (migration 1764400000000-analytics-rollups) are kept by PostgreSQL's
 * triggers: checked here against a count of the rows, on the leader and on both followers, after
 * concurrent API traffic, after writes made with plain SQL and COPY, for past days, and after the
 * migration of a database that already has rows.
 */
describe('analytics rollups kept by the database', () => {
  const suite = useTestApp();
  let cluster: Awaited<ReturnType<typeof connectCluster>>;

  beforeAll(async () => {
    cluster = await connectCluster();
  });
  afterAll(() => cluster.end());

  /** Rollups equal live counts for `orgs` on the leader and then on every follower. */
  async function expectExactEverywhere(orgs: number[]): Promise<void> {
    const onLeader = new Map<number, RollupState>();
    for (const org of orgs)
      onLeader.set(org, await expectRollupsExact(cluster.leader, org));
    expect(cluster.followers.length).toBeGreaterThan(0);
    for (const follower of cluster.followers) {
      await followerCaughtUp(cluster.leader, follower);
      for (const org of orgs) {
        const onFollower = await expectRollupsExact(follower, org);
        // Every day's history too: the follower has the leader's.
        expect(onFollower.days).toEqual(onLeader.get(org)?.days);
      }
    }
  }

  it('stays exact under 16 concurrent clients creating, changing and deleting in 3 organizations for 20 s', async () => {
    interface Org {
      id: number;
      client: Http;
      customers: number[];
      accounts: number[];
      made: { customers: number; accounts: number; deletedCustomers: number };
    }
    const orgs: Org[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { client, organizationId } = await signUp(suite.http, 'rollup');
      const org: Org = {
        id: organizationId,
        client,
        customers: [],
        accounts: [],
        made: { customers: 0, accounts: 0, deletedCustomers: 0 },
      };
      for (let c = 0; c < 8; c += 1) {
        const customer = await newCustomer(client, `Seed ${c}`);
        org.customers.push(customer.id);
        for (let a = 0; a < 3; a += 1)
          org.accounts.push(
            (
              await newAccount(
                client,
                customer.id,
                'Plan',
                a ? 'active' : 'inactive',
              )
            ).id,
          );
      }
      orgs.push(org);
    }
    // Some of that history on past days (moving a creation day is a write the triggers follow too).
    for (const org of orgs) {
      await cluster.leader.query(
        `UPDATE customers SET created_at = now() - (id % 4 + 1) * interval '1 day' WHERE organization_id = $1`,
        [org.id],
      );
      await cluster.leader.query(
        `UPDATE accounts SET created_at = now() - (id % 3 + 1) * interval '1 day' WHERE organization_id = $1`,
        [org.id],
      );
    }
    const before = new Map<number, Awaited<ReturnType<typeof rolledState>>>();
    for (const org of orgs)
      before.set(org.id, await expectRollupsExact(cluster.leader, org.id));

    const pick = <T>(items: T[]): T =>
      items[Math.floor(Math.random() * items.length)];
    const statuses = new Map<number, number>();
    const until = Date.now() + 20_000;
    async function client(): Promise<void> {
      while (Date.now() < until) {
        const org = pick(orgs);
        const roll = Math.random();
        let status: number;
        if (roll < 0.3 && org.customers.length > 0) {
          const response = await org.client.post<AccountDto>('/api/accounts', {
            customer_id: pick(org.customers),
            name: 'Load',
            status: Math.random() < 0.5 ? 'active' : 'inactive',
          });
          status = response.status;
          if (status === 201) {
            org.accounts.push(response.body.id);
            org.made.accounts += 1;
          }
        } else if (roll < 0.45) {
          const response = await org.client.post<CustomerDto>(
            '/api/customers',
            {
              name: 'Load',
              email: `${uniqueName('load')}@x.example`,
            },
          );
          status = response.status;
          if (status === 201) {
            org.customers.push(response.body.id);
            org.made.customers += 1;
          }
        } else if (roll < 0.75 && org.accounts.length > 0) {
          status = (
            await org.client.put(`/api/accounts/${pick(org.accounts)}`, {
              name: 'Changed',
              status: Math.random() < 0.5 ? 'active' : 'inactive',
            })
          ).status;
        } else if (roll < 0.93 && org.accounts.length > 0) {
          status = (
            await org.client.delete(`/api/accounts/${pick(org.accounts)}`)
          ).status;
        } else if (org.customers.length > 0) {
          status = (
            await org.client.delete(`/api/customers/${pick(org.customers)}`)
          ).status;
          if (status === 200) org.made.deletedCustomers += 1;
        } else continue;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
    await Promise.all(Array.from({ length: 16 }, () => client()));

    // Only successes, and 404/422 for rows another client deleted meanwhile.
    expect(
      [...statuses.keys()].filter((s) => ![200, 201, 404, 422].includes(s)),
    ).toEqual([]);
    expect(statuses.get(201) ?? 0).toBeGreaterThan(100);
    await expectExactEverywhere(orgs.map((org) => org.id));

    const today = utcDay(0);
    for (const org of orgs) {
      const was = before.get(org.id);
      const now = await rolledState(cluster.leader, org.id);
      const live = await liveState(cluster.leader, org.id);
      // Every past day is as it was: all that happened, happened today.
      const past = (days: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(days).filter(([day]) => day < today));
      expect(past(now.days)).toEqual(past(was?.days ?? {}));
      // Today, by the API: created, deleted (cascades included) and status changes add up.
      const [row] = (
        await cluster.leader.query<{
          new_customers: number;
          deleted_customers: number;
          new_accounts: number;
          deleted_accounts: number;
          net_active: number;
        }>(
          `SELECT sum(customers_created)::int AS new_customers, sum(customers_deleted)::int AS deleted_customers,
                  sum(accounts_created)::int AS new_accounts, sum(accounts_deleted)::int AS deleted_accounts,
                  sum(active_net)::int AS net_active
             FROM analytics_daily WHERE organization_id = $1 AND day = $2`,
          [org.id, today],
        )
      ).rows;
      expect(row).toEqual({
        new_customers: org.made.customers,
        deleted_customers: org.made.deletedCustomers,
        new_accounts: org.made.accounts,
        deleted_accounts:
          (was?.totals.accounts ?? 0) +
          org.made.accounts -
          live.totals.accounts,
        net_active: live.totals.active - (was?.totals.active ?? 0),
      });
    }
  }, 120_000);

  it('stays exact for writes made outside the API: plain SQL, COPY, cascades, moves', async () => {
    const { organizationId: org } = await signUp(suite.http, 'rollup-sql');
    const { organizationId: other } = await signUp(suite.http, 'rollup-sql2');
    const db = cluster.leader;
    await db.query(
      `INSERT INTO customers (organization_id, name, email, created_at)
       SELECT $1, 'Bulk ' || g, 'bulk' || g || '@x.example', now() - (g % 40) * interval '1 day'
         FROM generate_series(1, 500) g`,
      [org],
    );
    // A bulk statement folds what it appended (40 days) at once: readers never sum an import's deltas.
    const { rows: unfolded } = await db.query<{ deltas: number; days: number }>(
      `SELECT (count(*) FILTER (WHERE id <> 0))::int AS deltas, (count(*) FILTER (WHERE id = 0))::int AS days
         FROM analytics_daily WHERE organization_id = $1`,
      [org],
    );
    expect(unfolded).toEqual([{ deltas: 0, days: 40 }]);
    await db.query(
      `WITH ids AS (SELECT array_agg(id ORDER BY id) AS id FROM customers WHERE organization_id = $1)
       INSERT INTO accounts (organization_id, customer_id, name, status, created_at)
       SELECT $1, ids.id[1 + g % 400], 'Bulk', CASE WHEN g % 3 = 0 THEN 'inactive' ELSE 'active' END,
              now() - (g % 30) * interval '1 day'
         FROM generate_series(1, 3000) g, ids`,
      [org],
    );
    // COPY, the way an import loads rows (a file the server reads: it runs on this machine).
    const { rows: customers } = await db.query<{ id: string }>(
      'SELECT id FROM customers WHERE organization_id = $1 ORDER BY id LIMIT 300',
      [org],
    );
    const dir = mkdtempSync(join(tmpdir(), 'rollup-copy-'));
    const file = join(dir, 'accounts.csv');
    writeFileSync(
      file,
      Array.from(
        { length: 2000 },
        (_, i) =>
          `${org},${customers[i % customers.length].id},Copied ${i},${i % 4 ? 'active' : 'inactive'},${new Date(Date.now() - (i % 20) * 86_400_000).toISOString()}`,
      ).join('\n'),
    );
    // The server process may run as another user.
    chmodSync(dir, 0o755);
    chmodSync(file, 0o644);
    try {
      await db.query(
        `COPY accounts (organization_id, customer_id, name, status, created_at) FROM '${file}' WITH (FORMAT csv)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await expectRollupsExact(db, org);

    await db.query(
      `UPDATE accounts SET status = CASE status WHEN 'active' THEN 'inactive' ELSE 'active' END
        WHERE organization_id = $1 AND id % 5 = 0`,
      [org],
    );
    await db.query(
      `UPDATE accounts SET customer_id = (SELECT min(id) FROM customers WHERE organization_id = $1)
        WHERE organization_id = $1 AND id % 7 = 0`,
      [org],
    );
    await db.query(
      `UPDATE accounts SET created_at = created_at - interval '2 days' WHERE organization_id = $1 AND id % 11 = 0`,
      [org],
    );
    await db.query(
      `DELETE FROM accounts WHERE organization_id = $1 AND id % 13 = 0`,
      [org],
    );
    await db.query(
      `DELETE FROM customers WHERE organization_id = $1 AND id % 17 = 0`,
      [org],
    );
    // A customer without accounts (created 12 days ago) moves to another organization: it leaves
    // the first today and arrives in the other on its creation day. (It was once picked by an
    // anti-join over the shared test tables inside the moving UPDATE, which then ran for over
    // 20 s, about one full-suite run in four, with no other session active: not a lock wait.)
    const {
      rows: [lonely],
    } = await db.query<{ id: string }>(
      `INSERT INTO customers (organization_id, name, email, created_at)
       VALUES ($1, 'Lonely', 'lonely@x.example', now() - interval '12 days') RETURNING id`,
      [org],
    );
    const moved = await db.query(
      'UPDATE customers SET organization_id = $2 WHERE organization_id = $1 AND id = $3',
      [org, other, lonely.id],
    );
    expect(moved.rowCount).toBe(1);
    // A transaction that writes and rolls back leaves nothing behind.
    await db.query('BEGIN');
    await db.query(`DELETE FROM accounts WHERE organization_id = $1`, [org]);
    await db.query('ROLLBACK');
    await expectExactEverywhere([org, other]);

    const live = await liveState(db, org);
    // 5,000 inserted, some deleted (which ones depends on the shared id sequences).
    expect(live.totals.accounts).toBeGreaterThan(2500);
  }, 60_000);

  it('keeps true history: past deletions and status changes stay on their day', async () => {
    const { client, organizationId: org } = await signUp(suite.http, 'history');
    const db = cluster.leader;
    const kept = await newCustomer(client, 'Kept');
    const goneToday = await newCustomer(client, 'Deleted today');
    const goneYesterday = await newCustomer(client, 'Deleted yesterday');
    const account = await newAccount(client, kept.id, 'Plan', 'active');
    // All three and the account existed three days ago.
    await db.query(
      `UPDATE customers SET created_at = now() - interval '3 days' WHERE organization_id = $1`,
      [org],
    );
    await db.query(
      `UPDATE accounts SET created_at = now() - interval '3 days' WHERE organization_id = $1`,
      [org],
    );
    // Yesterday's deletion, recorded on its day the way an import backdates it.
    await db.query('BEGIN');
    await db.query(`SELECT set_config('analytics.event_day', $1, true)`, [
      utcDay(-1),
    ]);
    await db.query(
      `DELETE FROM customers WHERE organization_id = $1 AND id = $2`,
      [org, goneYesterday.id],
    );
    await db.query('COMMIT');
    // Today's, through the API.
    expect((await client.delete(`/api/customers/${goneToday.id}`)).status).toBe(
      200,
    );
    expect(
      (
        await client.put(`/api/accounts/${account.id}`, {
          name: 'Plan',
          status: 'inactive',
        })
      ).status,
    ).toBe(200);

    const history = await client.get<HistoryDayDto[]>(
      '/api/analytics/history?days=4',
    );
    expect(history.status).toBe(200);
    const byDay = Object.fromEntries(history.body.map((row) => [row.day, row]));
    // Midnight UTC may pass between "3 days ago" and now; the days asserted are not that one.
    expect(byDay[utcDay(-2)]).toMatchObject({
      total_customers: 3,
      total_accounts: 1,
      active_accounts: 1,
    });
    expect(byDay[utcDay(-1)]).toMatchObject({
      deleted_customers: 1,
      total_customers: 2,
      active_accounts: 1,
      inactive_accounts: 0,
      deactivated_accounts: 0,
    });
    expect(byDay[utcDay(0)]).toMatchObject({
      deleted_customers: 1,
      total_customers: 1,
      total_accounts: 1,
      active_accounts: 0,
      inactive_accounts: 1,
      deactivated_accounts: 1,
      avg_accounts_per_customer: 1,
    });
    // growth reads the same days.
    const growth = await client.get<HistoryDayDto[]>(
      '/api/analytics/growth?days=4',
    );
    expect(growth.body.map((row) => [row.day, row.total_customers])).toEqual(
      history.body.map((row) => [row.day, row.total_customers]),
    );
    await expectExactEverywhere([org]);
  });

  it('fills the rollups of a database that had rows before the migration', async () => {
    const database = `rollup_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = cluster.leader;
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(process.env.TEST_DATABASE_URL ?? '');
    url.pathname = `/${database}`;
    const rollups = MIGRATIONS.findIndex((m) =>
      m.name.startsWith('AnalyticsRollups'),
    );
    expect(rollups).toBeGreaterThan(0);
    // The migrations before the rollups, then rows, then the rest.
    const migrate = async (upTo: number) => {
      const source = new DataSource({
        type: 'postgres',
        url: url.toString(),
        migrations: MIGRATIONS.slice(0, upTo),
        migrationsTableName: 'migrations',
      });
      await source.initialize();
      try {
        return await source.runMigrations({ transaction: 'each' });
      } finally {
        await source.destroy();
      }
    };
    const db = new pg.Client({ connectionString: url.toString() });
    try {
      await migrate(rollups);
      await db.connect();
      await db.query(`INSERT INTO organizations (name) VALUES ('a'), ('b')`);
      for (const org of [1, 2]) {
        await db.query(
          `INSERT INTO customers (organization_id, name, email, created_at)
           SELECT $1, 'C' || g, 'c' || g || '@x.example', now() - (g % 50) * interval '1 day'
             FROM generate_series(1, 200) g`,
          [org],
        );
        await db.query(
          `WITH ids AS (SELECT array_agg(id ORDER BY id) AS id FROM customers WHERE organization_id = $1)
           INSERT INTO accounts (organization_id, customer_id, name, status, created_at)
           SELECT $1, ids.id[1 + g % 150], 'A', CASE WHEN g % 4 = 0 THEN 'inactive' ELSE 'active' END,
                  now() - (g % 45) * interval '1 day'
             FROM generate_series(1, 900) g, ids`,
          [org],
        );
      }
      const applied = await migrate(MIGRATIONS.length);
      expect(applied.map((m) => m.name)).toContain(MIGRATIONS[rollups].name);
      for (const org of [1, 2]) {
        const rolled = await expectRollupsExact(db, org);
        // Each day's creations, with the status the rows have (the only one known before).
        const { rows } = await db.query<{ day: string; row: number[] }>(
          `SELECT day, ARRAY[sum(c)::int, sum(a)::int, sum(act)::int] AS row FROM (
             SELECT to_char((created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, 1 AS c, 0 AS a, 0 AS act
               FROM customers WHERE organization_id = $1
             UNION ALL
             SELECT to_char((created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD'), 0, 1, (status = 'active')::int
               FROM accounts WHERE organization_id = $1) rows GROUP BY day`,
          [org],
        );
        expect(rolled.days).toEqual(
          Object.fromEntries(rows.map((r) => [r.day, r.row])),
        );
      }
      // And the triggers run from then on.
      await db.query(
        `DELETE FROM customers WHERE organization_id = 1 AND id % 3 = 0`,
      );
      await expectRollupsExact(db, 1);
    } finally {
      await db.end();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  }, 60_000);

  it("removes an organization's rollups with it", async () => {
    const { client, organizationId: org } = await signUp(suite.http, 'gone');
    const customer = await newCustomer(client);
    await newAccount(client, customer.id);
    await cluster.leader.query('DELETE FROM organizations WHERE id = $1', [
      org,
    ]);
    const { rows } = await cluster.leader.query<{ n: number }>(
      `SELECT ((SELECT count(*) FROM analytics_daily WHERE organization_id = $1)
             + (SELECT count(*) FROM analytics_distribution WHERE organization_id = $1)
             + (SELECT count(*) FROM customer_account_counts WHERE organization_id = $1))::int AS n`,
      [org],
    );
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('folds the deltas: reads stay a few rows however many writes', async () => {
    const { client, organizationId: org } = await signUp(suite.http, 'fold');
    const customer = await newCustomer(client);
    for (let i = 0; i < 150; i += 1) await newAccount(client, customer.id);
    const [{ deltas, folded }] = (
      await cluster.leader.query<{ deltas: number; folded: number }>(
        `SELECT (count(*) FILTER (WHERE id <> 0))::int AS deltas, (count(*) FILTER (WHERE id = 0))::int AS folded
           FROM analytics_daily WHERE organization_id = $1`,
        [org],
      )
    ).rows;
    // 151 writes appended 151 deltas; writers fold 1 time in 16 on average (none in 151: p < 1e-4).
    expect(folded).toBe(1);
    expect(deltas).toBeLessThan(151);
    await waitFor('the totals', async () => {
      const totals = await client.get<{ total_accounts: number }>(
        '/api/analytics',
      );
      return totals.body.total_accounts === 150;
    });
  }, 60_000);
});
