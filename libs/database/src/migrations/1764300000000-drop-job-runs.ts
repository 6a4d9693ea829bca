import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * job_runs held job state when the api ran jobs itself (no REDIS_URL) with a queue of our own.
 * pg-boss does that now, in its own schema (JOBS_PG_SCHEMA, default "pgboss"), which pg-boss
 * installs and upgrades at the api's start; the indexes we add to its tables are created there
 * too (PgBossJobQueue.ensureIndexes), since that schema does not exist when migrations run.
 * Jobs still unfinished in job_runs are not carried over: they are re-created by the next
 * schedule or request.
 */
export class DropJobRuns1764300000000 implements MigrationInterface {
  name = 'DropJobRuns1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE job_runs`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE job_runs (
        job_id          varchar(64) PRIMARY KEY,
        organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        queue           varchar(16) NOT NULL CHECK (queue IN ('critical', 'default', 'low')),
        name            varchar(64) NOT NULL,
        state           varchar(16) NOT NULL CHECK (state IN ('waiting', 'delayed', 'active', 'completed', 'failed')),
        dedup_key       varchar(128),
        progress        integer NOT NULL DEFAULT 0,
        attempts        integer NOT NULL DEFAULT 0,
        max_attempts    integer NOT NULL,
        data            jsonb NOT NULL,
        result          jsonb,
        failed_reason   text,
        run_at          timestamptz NOT NULL DEFAULT now(),
        created_at      timestamptz NOT NULL DEFAULT now(),
        finished_at     timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX job_runs_organization_created_idx ON job_runs (organization_id, created_at DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX job_runs_runnable_idx ON job_runs (queue, run_at) WHERE state IN ('waiting', 'delayed', 'active')`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX job_runs_dedup_key ON job_runs (dedup_key) WHERE state IN ('waiting', 'delayed', 'active')`,
    );
  }
}
