import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** A database URL with another database name (same server, same credentials). */
export function onDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A database of a test file's own on the shared test servers, as the app's environment names it. */
export interface OwnDatabase {
  /** DATABASE_URL and ANALYTICS_DB_URL (every follower) for that database. */
  env: { DATABASE_URL: string; ANALYTICS_DB_URL: string };
  drop(): Promise<void>;
}

/**
 * Creates an empty database on the test leader (the followers replicate it, as they replicate the
 * whole server), for what needs a database of its own: the demo seed fills only an empty one.
 */
export async function createOwnDatabase(prefix: string): Promise<OwnDatabase> {
  const leaderUrl = process.env.TEST_DATABASE_URL;
  const followerUrls = process.env.TEST_ANALYTICS_DB_URL;
  if (!leaderUrl || !followerUrls)
    throw new Error(
      'TEST_DATABASE_URL / TEST_ANALYTICS_DB_URL are unset (the Jest global setup sets them)',
    );
  const database = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: leaderUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  return {
    env: {
      DATABASE_URL: onDatabase(leaderUrl, database),
      ANALYTICS_DB_URL: followerUrls
        .split(',')
        .map((url) => onDatabase(url, database))
        .join(','),
    },
    drop: async () => {
      const client = new pg.Client({ connectionString: leaderUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
