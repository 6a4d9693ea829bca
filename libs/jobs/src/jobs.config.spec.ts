import { describe, expect, it } from '@jest/globals';
import { jobsEnvErrors } from './jobs.config.js';

describe('jobsEnvErrors', () => {
  it('accepts an empty environment and valid values', () => {
    expect(jobsEnvErrors({})).toEqual([]);
    expect(
      jobsEnvErrors({ REDIS_URL: 'rediss://:p@h:6380', JOBS_CONCURRENCY_CRITICAL: '6', AGGREGATE_SCHEDULE: '*/15 * * * *', WORKER_PORT: '3001' }),
    ).toEqual([]);
    expect(jobsEnvErrors({ AGGREGATE_SCHEDULE: 'off' })).toEqual([]);
  });

  it('names each bad variable', () => {
    const errors = jobsEnvErrors({ REDIS_URL: 'http://h', JOBS_CONCURRENCY_LOW: '0', AGGREGATE_SCHEDULE: 'hourly', JOBS_ATTEMPTS: 'x' }).join('\n');
    for (const name of ['REDIS_URL', 'JOBS_CONCURRENCY_LOW', 'AGGREGATE_SCHEDULE', 'JOBS_ATTEMPTS']) expect(errors).toContain(name);
  });
});
