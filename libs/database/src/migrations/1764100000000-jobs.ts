import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * job_runs and its indexes, as this migration creates them; DropJobRuns1764300000000 drops the
 * table and re-creates it from here when it is reverted.
 */
export const CREATE_JOB_RUNS = [
  `
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
      )`,
  // "Recent jobs of an organization, newest first".
  `CREATE INDEX job_runs_organization_created_idx ON job_runs (organization_id, created_at DESC)`,
  // What the runner claims next, per queue.
  `CREATE INDEX job_runs_runnable_idx ON job_runs (queue, run_at) WHERE state IN ('waiting', 'delayed', 'active')`,
  // At most one unfinished job per key: a duplicate enqueue finds the running one instead.
  `CREATE UNIQUE INDEX job_runs_dedup_key ON job_runs (dedup_key) WHERE state IN ('waiting', 'delayed', 'active')`,
];

/**
 * daily_snapshots: the aggregation job's stored results, one row per (organization, day).
 * job_runs: job state when the api runs jobs in-process (no REDIS_URL).
 */
export class Jobs1764100000000 implements MigrationInterface {
  name = 'Jobs1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE daily_snapshots (
        organization_id           bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        day                       date NOT NULL,
        total_customers           integer NOT NULL,
        total_accounts            integer NOT NULL,
        active_accounts           integer NOT NULL,
        inactive_accounts         integer NOT NULL,
        avg_accounts_per_customer double precision NOT NULL,
        computed_at               timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT daily_snapshots_pkey PRIMARY KEY (organization_id, day)
      )`);

    for (const statement of CREATE_JOB_RUNS) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE job_runs`);
    await queryRunner.query(`DROP TABLE daily_snapshots`);
  }
}
