import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { parseEnv } from '@app/config';
import {
  createPrimaryDataSource,
  MIGRATION_LOCK_KEY,
  runMigrationsWithLock,
  seedDemoData,
} from '@app/database';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../libs/database/src/migrations/index.js';
import { waitFor } from '../support/wait.js';

/** Several processes starting at once on an empty database (web, worker, release phase). */
describe('migrations and seed under concurrent start-ups', () => {
  const database = `migrate_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let admin: pg.Client;
  let url: string;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const testDatabaseUrl = process.env.TEST_DATABASE_URL;
    if (!testDatabaseUrl)
      throw new Error(
        'TEST_DATABASE_URL is unset (the Jest global setup sets it)',
      );
    const parsed = new URL(testDatabaseUrl);
    parsed.pathname = `/${database}`;
    url = parsed.toString();
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('applies each migration once and seeds once', async () => {
    const sources = await Promise.all(
      [1, 2, 3, 4].map(() =>
        createPrimaryDataSource(
          parseEnv({ DATABASE_URL: url }).database,
        ).initialize(),
      ),
    );
    try {
      const applied = await Promise.all(
        sources.map((source) => runMigrationsWithLock(source)),
      );
      // Exactly one of the four applied the migrations; the others found nothing pending.
      expect(applied.filter((names) => names.length > 0)).toHaveLength(1);
      const seeded = await Promise.all(
        sources.map((source) => seedDemoData(source)),
      );
      expect(seeded.filter(Boolean)).toHaveLength(1);

      const [counts] = await sources[0].query<unknown[]>(
        `SELECT (SELECT count(*)::int FROM migrations) AS migrations,
                (SELECT count(*)::int FROM organizations) AS organizations,
                (SELECT count(*)::int FROM customers) AS customers`,
      );
      expect(counts).toEqual({
        // The others applied none (checked above), so all applied names are the one run's.
        migrations: applied.flat().length,
        organizations: 1,
        customers: 50, // the demo seed's 53, less the 3 deleted on past days
      });
    } finally {
      await Promise.all(sources.map((source) => source.destroy()));
    }
  });

  it('waits for the migration lock longer than the statement timeout (another process migrating a large database)', async () => {
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // The api's own primary pool, as at start-up: a statement timeout on every connection.
    const source = await new DataSource({
      type: 'postgres',
      url,
      extra: { statement_timeout: 300 },
      migrations: MIGRATIONS,
      migrationsTableName: 'migrations',
    }).initialize();
    try {
      const run = runMigrationsWithLock(source);
      let failed: Error | undefined;
      run.catch((error: unknown) => {
        failed = error instanceof Error ? error : new Error(String(error));
      });
      // The waiting statement outlives the 300 ms timeout (and nothing failed meanwhile)...
      await waitFor(
        'a migration run to wait on the lock for over 1 s',
        async () => {
          if (failed) throw failed;
          const { rows } = await holder.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE wait_event = 'advisory' AND now() - query_start > interval '1 second'`,
          );
          return rows[0].waiting > 0;
        },
      );
      // ...and goes on when the lock is released.
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      await expect(run).resolves.toEqual(expect.any(Array));
      // The connection got its statement timeout back.
      const [{ statement_timeout }] = await source.query<
        { statement_timeout: string }[]
      >('SHOW statement_timeout');
      expect(statement_timeout).toBe('300ms');
    } finally {
      await holder.end();
      await source.destroy();
    }
  });
});
