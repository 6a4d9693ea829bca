import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { Job, Queue } from 'bullmq';
import {
  BullJobQueue,
  contractState,
  newAggregateJobId,
  viewOfBullJob,
} from './bull-job-queue.js';
import { defaultJobOptions } from './job-options.js';
import type { AggregatePayload, AggregateResult } from './jobs.constants.js';
import type { JobsConfig } from '@app/config';
import { JobsUnavailableError } from '@app/common';

type AggregateJob = Job<AggregatePayload, AggregateResult | undefined>;

describe('BullMQ jobs as the contract shows them', () => {
  it('maps BullMQ states onto the five of the contract', () => {
    expect(
      ['waiting', 'prioritized', 'waiting-children', 'unknown'].map(
        contractState,
      ),
    ).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
    expect(
      ['active', 'delayed', 'completed', 'failed'].map(contractState),
    ).toEqual(['active', 'delayed', 'completed', 'failed']);
  });

  it('builds the job view, with a result only once completed', () => {
    const job = {
      id: 'agg-1',
      name: 'aggregate',
      data: { organization_id: 1, date: '2026-11-24' },
      progress: 42.4,
      attemptsMade: 1,
      attemptsStarted: 2,
      returnvalue: { total_customers: 1 },
      failedReason: 'boom',
      timestamp: Date.parse('2026-11-25T10:00:00Z'),
      finishedOn: undefined,
    } as unknown as AggregateJob;
    expect(viewOfBullJob(job, 'critical', 'active')).toEqual({
      job_id: 'agg-1',
      queue: 'critical',
      name: 'aggregate',
      state: 'active',
      progress: 42,
      attempts: 2,
      data: { date: '2026-11-24' },
      result: null,
      failed_reason: 'boom',
      created_at: '2026-11-25T10:00:00.000Z',
      finished_at: null,
    });
    expect(viewOfBullJob(job, 'critical', 'completed')).toMatchObject({
      result: { total_customers: 1 },
      failed_reason: null,
    });
  });

  it('makes job ids BullMQ accepts (no ":"), unique per enqueue', () => {
    const id = newAggregateJobId(12, '2026-11-25');
    expect(id).toMatch(/^agg-12-2026-11-25-[0-9a-f]{12}$/);
    expect(newAggregateJobId(12, '2026-11-25')).not.toBe(id);
  });

  it('sets the default job options in one place: attempts, exponential backoff, retention', () => {
    expect(defaultJobOptions({ attempts: 3, backoffMs: 1000 })).toEqual({
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    });
  });
});

describe('BullJobQueue when Redis does not answer', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  /** Queues whose shared connection is in `status` and whose PING never answers (a paused Redis). */
  function setup(status: string) {
    const client = {
      status,
      ping: jest.fn(() => new Promise(() => undefined)),
    };
    const queue = {
      getBackend: () => ({ client: Promise.resolve(client) }),
    } as unknown as Queue;
    const sut = new BullJobQueue(
      { critical: queue, default: queue, low: queue },
      {} as JobsConfig,
    );
    return { sut, mocks: { client } };
  }

  it('answers JobsUnavailableError once 2 s have passed, not before', async () => {
    jest.useFakeTimers();
    const { sut, mocks } = setup('ready');
    let outcome: unknown;
    const pinging = sut.ping().catch((error: unknown) => (outcome = error));
    await jest.advanceTimersByTimeAsync(1_999);
    expect(mocks.client.ping).toHaveBeenCalledTimes(1);
    expect(outcome).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    await pinging;
    expect(outcome).toBeInstanceOf(JobsUnavailableError);
  });

  it('answers at once while the connection is down, without asking Redis', async () => {
    jest.useFakeTimers();
    const { sut, mocks } = setup('reconnecting');
    await expect(sut.ping()).rejects.toBeInstanceOf(JobsUnavailableError); // no timer advanced
    expect(mocks.client.ping).not.toHaveBeenCalled();
  });
});
