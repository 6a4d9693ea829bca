import type { DataSource } from 'typeorm';
import { MIGRATION_LOCK_KEY } from './database.constants.js';

/**
 * Runs pending migrations under a session-level advisory lock, so that several processes
 * starting at once (web, worker, release phase) apply each migration exactly once.
 * Returns the names of the migrations this call applied.
 */
export async function runMigrationsWithLock(
  dataSource: DataSource,
): Promise<string[]> {
  const lockRunner = dataSource.createQueryRunner('master');
  await lockRunner.connect();
  try {
    // Another process may hold the lock for as long as its migrations take (a backfill, an index
    // build): wait without the pool's statement timeout, then give the connection its own back.
    await lockRunner.query('SET statement_timeout = 0');
    try {
      await lockRunner.query('SELECT pg_advisory_lock($1)', [
        MIGRATION_LOCK_KEY,
      ]);
    } finally {
      await lockRunner.query('RESET statement_timeout');
    }
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await lockRunner.query('SELECT pg_advisory_unlock($1)', [
        MIGRATION_LOCK_KEY,
      ]);
    }
  } finally {
    await lockRunner.release();
  }
}
