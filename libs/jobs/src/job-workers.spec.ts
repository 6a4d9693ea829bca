import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AllConfig, JobsConfig } from '@app/config';
import type { JobQueue } from './job-queue.js';
import { JobWorkers, type JobWorkersRole } from './job-workers.js';
import type { JobsProcessor, RunnableJob } from './jobs.processor.js';

Logger.overrideLogger(false);

function setup(
  role: JobWorkersRole,
  mode: 'redis' | 'in-process',
  config: Partial<JobsConfig> = {},
) {
  const jobs = {
    mode,
    startWorkers: jest.fn((_handler: (job: RunnableJob) => Promise<unknown>) =>
      Promise.resolve(undefined),
    ),
    stopWorkers: jest.fn((_graceMs: number) => Promise.resolve(undefined)),
    registerSchedule: jest.fn((_pattern: string | null) =>
      Promise.resolve(undefined),
    ),
  };
  const processor = {
    process: jest.fn((_job: RunnableJob) => Promise.resolve('done')),
  };
  const fullConfig = {
    workerInApi: false,
    schedule: '0 * * * *',
    shutdownGraceMs: 25_000,
    concurrency: { critical: 6, default: 3, low: 1 },
    pgSchema: 'pgboss',
    ...config,
  } as JobsConfig;
  const sut = new JobWorkers(
    jobs as unknown as JobQueue,
    processor as unknown as JobsProcessor,
    new ConfigService<AllConfig, true>({ jobs: fullConfig }),
    role,
  );
  return { sut, mocks: { jobs, processor } };
}

describe('JobWorkers', () => {
  it('runs nothing in an api on Redis without JOBS_WORKER_IN_API (the worker processes do)', async () => {
    const { sut, mocks } = setup('api', 'redis');
    await sut.onApplicationBootstrap();
    await sut.beforeApplicationShutdown();
    expect(mocks.jobs.startWorkers).not.toHaveBeenCalled();
    expect(mocks.jobs.registerSchedule).not.toHaveBeenCalled();
    expect(mocks.jobs.stopWorkers).not.toHaveBeenCalled();
  });

  it.each([
    ['the worker process', 'worker', 'redis', {}],
    [
      'the api on Redis with JOBS_WORKER_IN_API',
      'api',
      'redis',
      { workerInApi: true },
    ],
    ['the api without Redis', 'api', 'in-process', {}],
  ] as const)(
    'registers the one processor and the schedule in %s, and stops it with the grace period',
    async (_what, role, mode, config) => {
      const { sut, mocks } = setup(role, mode, config);
      await sut.onApplicationBootstrap();
      expect(mocks.jobs.startWorkers).toHaveBeenCalledTimes(1);
      const handler = mocks.jobs.startWorkers.mock.calls[0][0];
      const job = {
        name: 'aggregate',
        queueName: 'critical',
        data: {},
        attemptsMade: 0,
        updateProgress: () => Promise.resolve(undefined),
      };
      await expect(handler(job)).resolves.toBe('done');
      expect(mocks.processor.process).toHaveBeenCalledWith(job);
      expect(mocks.jobs.registerSchedule).toHaveBeenCalledWith('0 * * * *');
      await sut.beforeApplicationShutdown();
      expect(mocks.jobs.stopWorkers).toHaveBeenCalledWith(25_000);
    },
  );

  it('starts even when the schedule cannot be registered (logged; the next start registers it)', async () => {
    const { sut, mocks } = setup('worker', 'redis', { schedule: null });
    mocks.jobs.registerSchedule.mockRejectedValueOnce(new Error('redis busy'));
    await expect(sut.onApplicationBootstrap()).resolves.toBeUndefined();
    expect(mocks.jobs.registerSchedule).toHaveBeenCalledWith(null);
  });
});
