import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { strictMock } from '../../../test/support/strict-mock.js';
import { DatabaseJobQueue, type JobRunRow } from './database-job-queue.js';
import type { JobQueue } from './job-queue.js';
import type { JobsConfig } from './jobs.config.js';
import { AGGREGATE, AGGREGATE_ALL } from './jobs.constants.js';
import type { JobsProcessor } from './jobs.processor.js';
import { InProcessRunner } from './in-process-runner.js';

Logger.overrideLogger(false);

const CONFIG = {
  concurrency: { critical: 2, default: 1, low: 1 },
  pollIntervalMs: 1000,
  lockDurationMs: 30_000,
  shutdownGraceMs: 5_000,
  schedule: null,
} as unknown as JobsConfig;

/** A DatabaseJobQueue whose table is a strict mock (the runner only uses the in-process backend). */
function setup(config: Partial<JobsConfig> = {}) {
  const table = strictMock<DatabaseJobQueue>('DatabaseJobQueue');
  const queue = Object.setPrototypeOf(table, DatabaseJobQueue.prototype) as unknown as DatabaseJobQueue;
  const processor = strictMock<JobsProcessor>('JobsProcessor');
  table.onEnqueued.mockReturnValue(undefined as never);
  table.claim.mockResolvedValue(undefined as never);
  table.removeOld.mockResolvedValue(0 as never);
  const sut = new InProcessRunner(queue as unknown as JobQueue, processor as unknown as JobsProcessor, { ...CONFIG, ...config });
  return { sut, mocks: { table, processor } };
}

function row(fields: Partial<JobRunRow> = {}): JobRunRow {
  return {
    job_id: 'agg-1',
    organization_id: '1',
    queue: 'critical',
    name: AGGREGATE,
    state: 'active',
    progress: 0,
    attempts: 1,
    max_attempts: 3,
    data: { organization_id: 1, date: '2026-11-25' },
    result: null,
    failed_reason: null,
    created_at: new Date(),
    finished_at: null,
    ...fields,
  };
}

describe('InProcessRunner', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('does nothing when jobs go to Redis', () => {
    const processor = strictMock<JobsProcessor>('JobsProcessor');
    const redisQueue = strictMock<JobQueue>('BullJobQueue');
    const sut = new InProcessRunner(redisQueue as unknown as JobQueue, processor as unknown as JobsProcessor, CONFIG);
    expect(() => sut.onApplicationBootstrap()).not.toThrow(); // a strict mock fails on any call
  });

  it('runs a claimed job with the processor and completes it', async () => {
    const { sut, mocks } = setup();
    mocks.table.claim.mockResolvedValueOnce(row() as never);
    mocks.processor.process.mockResolvedValueOnce({ total_customers: 1 } as never);
    mocks.table.complete.mockResolvedValueOnce(undefined as never);
    sut.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(mocks.processor.process).toHaveBeenCalledWith(expect.objectContaining({ id: 'agg-1', name: AGGREGATE, queueName: 'critical', attemptsMade: 0 }));
    expect(mocks.table.complete).toHaveBeenCalledWith('agg-1', { total_customers: 1 });
    await sut.beforeApplicationShutdown();
  });

  it('records a failure for retry with the error message', async () => {
    const { sut, mocks } = setup();
    mocks.table.claim.mockResolvedValueOnce(row({ attempts: 2 }) as never);
    mocks.processor.process.mockRejectedValueOnce(new Error('database busy') as never);
    mocks.table.fail.mockResolvedValueOnce('delayed' as never);
    sut.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(mocks.table.fail).toHaveBeenCalledWith(expect.objectContaining({ job_id: 'agg-1', attempts: 2 }), 'database busy', true);
    await sut.beforeApplicationShutdown();
  });

  it('fires the schedule: the aggregate-all job on low, at the cron times (UTC)', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-25T10:59:58.000Z') });
    const { sut, mocks } = setup({ schedule: '0 * * * *' });
    mocks.processor.process.mockResolvedValue({ organizations: 3 } as never);
    sut.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(mocks.processor.process).not.toHaveBeenCalledWith(expect.objectContaining({ name: AGGREGATE_ALL }));
    await jest.advanceTimersByTimeAsync(1_500); // 11:00:00 passed
    expect(mocks.processor.process).toHaveBeenCalledWith(expect.objectContaining({ name: AGGREGATE_ALL, queueName: 'low', data: {} }));
    await jest.advanceTimersByTimeAsync(3_600_000); // 12:00:00
    expect(mocks.processor.process.mock.calls.filter(([job]) => (job as { name: string }).name === AGGREGATE_ALL)).toHaveLength(2);
    await sut.beforeApplicationShutdown();
  });
});
