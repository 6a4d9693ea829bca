import { describe, expect, it } from '@jest/globals';
import type { Job } from 'bullmq';
import { contractState, newAggregateJobId, viewOfBullJob } from './bull-job-queue.js';
import { backoffDelayMs } from './job-options.js';

describe('BullMQ jobs as the contract shows them', () => {
  it('maps BullMQ states onto the five of the contract', () => {
    expect(['waiting', 'prioritized', 'waiting-children', 'unknown'].map(contractState)).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
    expect(['active', 'delayed', 'completed', 'failed'].map(contractState)).toEqual(['active', 'delayed', 'completed', 'failed']);
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
    } as unknown as Job;
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
    expect(viewOfBullJob(job, 'critical', 'completed')).toMatchObject({ result: { total_customers: 1 }, failed_reason: null });
  });

  it('makes job ids BullMQ accepts (no ":"), unique per enqueue', () => {
    const id = newAggregateJobId(12, '2026-11-25');
    expect(id).toMatch(/^agg-12-2026-11-25-[0-9a-f]{12}$/);
    expect(newAggregateJobId(12, '2026-11-25')).not.toBe(id);
  });

  it('backs off exponentially from the configured delay', () => {
    expect([1, 2, 3].map((attempts) => backoffDelayMs(1000, attempts))).toEqual([1000, 2000, 4000]);
  });
});
