import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Serves the customers list's search (`q`: `name ILIKE '%q%' OR email ILIKE '%q%'` within one
 * organization) from an index instead of reading every row of the organization.
 *
 * One GIN index holds the organization id (btree_gin's operator class for bigint) and the trigrams
 * of both columns (pg_trgm, case-insensitive, so it serves ILIKE): the planner answers the OR as a
 * BitmapOr of two scans of it, each narrowed to the organization inside the index, then rechecks
 * the few candidate rows and sorts them. A term with fewer than three characters has no trigram,
 * and a common one matches most rows: for those the planner keeps the ordered scan of
 * customers_organization_created_idx that stops after one page (its estimate of the match
 * fraction comes from the column statistics, as before).
 *
 * The build holds a SHARE lock on customers (reads go on, writes wait) for as long as it takes:
 * about 30 s per million customers (a 65 MB index) on the busy 2-core development machine. The
 * pool's statement timeout (DB_STATEMENT_TIMEOUT_MS) is lifted for this migration's transaction
 * only, or the build would be cancelled on a large table. Not CONCURRENTLY: that cannot run in a
 * transaction and waits for every older snapshot, including the other processes waiting on the
 * migration lock (runMigrationsWithLock), which wait for it in turn.
 *
 * Both extensions are "trusted" (PostgreSQL 13+): the database owner may create them, no
 * superuser needed; they ship with PostgreSQL (contrib), the embedded binaries and the official
 * Docker image, and Heroku Postgres allows both. `down` drops the index only: the extensions may
 * have been installed before this migration, or be used by something else since.
 */
export class CustomerSearch1764500000000 implements MigrationInterface {
  name = 'CustomerSearch1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    await queryRunner.query(
      `CREATE INDEX customers_search_idx ON customers USING gin (organization_id, name gin_trgm_ops, email gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX customers_search_idx`);
  }
}
