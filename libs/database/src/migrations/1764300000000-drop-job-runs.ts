import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CREATE_JOB_RUNS } from './1764100000000-jobs.js';

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

  /** The table as 1764100000000-jobs created it (its jobs are not restored). */
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of CREATE_JOB_RUNS) await queryRunner.query(statement);
  }
}
