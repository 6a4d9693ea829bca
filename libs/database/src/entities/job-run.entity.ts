import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from './bigint.transformer.js';

export const JOB_RUN_STATES = ['waiting', 'delayed', 'active', 'completed', 'failed'] as const;
export type JobRunState = (typeof JOB_RUN_STATES)[number];

/**
 * A job run by the api itself when no REDIS_URL is configured (in-process mode): its state lives
 * here, on the primary, so that it survives restarts and every api process sees the same jobs.
 */
@Entity({ name: 'job_runs' })
export class JobRun {
  @PrimaryColumn({ name: 'job_id', type: 'varchar', length: 64 })
  jobId: string;

  @Column({ name: 'organization_id', type: 'bigint', transformer: bigintToNumber })
  organizationId: number;

  @Column({ type: 'varchar', length: 16 })
  queue: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  state: JobRunState;

  /** Jobs with the same key never run at the same time (see the partial unique index). */
  @Column({ name: 'dedup_key', type: 'varchar', length: 128, nullable: true })
  dedupKey: string | null;

  @Column({ type: 'integer' })
  progress: number;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'max_attempts', type: 'integer' })
  maxAttempts: number;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @Column({ name: 'failed_reason', type: 'text', nullable: true })
  failedReason: string | null;

  /** When a waiting/delayed job may run; for an active job, when its lease expires (stalled). */
  @Column({ name: 'run_at', type: 'timestamptz' })
  runAt: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
