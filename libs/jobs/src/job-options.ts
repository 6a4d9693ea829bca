import type { JobsOptions } from 'bullmq';
import type PgBoss from 'pg-boss';
import type { JobsConfig } from '@app/config';

const DAY_SECONDS = 24 * 3600;

/**
 * The one place default job options are set (for BullMQ here, for pg-boss below, from the same
 * configuration): retries with exponential backoff; completed jobs kept a week (at most 1000 per
 * queue), failed jobs a month, for inspection.
 */
export function defaultJobOptions(
  config: Pick<JobsConfig, 'attempts' | 'backoffMs'>,
): JobsOptions {
  return {
    attempts: config.attempts,
    backoff: { type: 'exponential', delay: config.backoffMs },
    removeOnComplete: { age: 7 * DAY_SECONDS, count: 1000 },
    removeOnFail: { age: 30 * DAY_SECONDS },
  };
}

/**
 * Queue options (pg-boss keeps them per queue): retries with exponential backoff (pg-boss counts
 * whole seconds, at least 1, and adds up to 100 % jitter), and how long a job may stay active before
 * it is taken for dead (failed, and retried while attempts remain). Retention: see pgBossOptions.
 */
export function pgBossQueueOptions(
  settings: Pick<JobsConfig, 'attempts' | 'backoffMs' | 'lockDurationMs'>,
): Omit<PgBoss.Queue, 'name'> {
  return {
    policy: 'standard',
    retryLimit: settings.attempts - 1,
    retryDelay: Math.max(1, Math.round(settings.backoffMs / 1000)),
    retryBackoff: true,
    expireInSeconds: Math.max(1, Math.ceil(settings.lockDurationMs / 1000)),
  };
}
