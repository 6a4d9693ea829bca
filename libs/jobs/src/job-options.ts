import type { JobsOptions } from 'bullmq';
import type { JobsConfig } from './jobs.config.js';

const DAY_SECONDS = 24 * 3600;

/**
 * The one place default job options are set: retries with exponential backoff; completed jobs
 * kept a week (at most 1000 per queue), failed jobs a month, for inspection.
 */
export function defaultJobOptions(config: Pick<JobsConfig, 'attempts' | 'backoffMs'>): JobsOptions {
  return {
    attempts: config.attempts,
    backoff: { type: 'exponential', delay: config.backoffMs },
    removeOnComplete: { age: 7 * DAY_SECONDS, count: 1000 },
    removeOnFail: { age: 30 * DAY_SECONDS },
  };
}
