import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { parseEnv } from '@app/config';
import {
  createPrimaryDataSource,
  runMigrationsWithLock,
  seedDemoData,
} from '@app/database';

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
});
