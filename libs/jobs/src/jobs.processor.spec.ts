import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { Histogram } from 'prom-client';
import { Tenant } from '@app/database';
import { strictMock } from '../../../test/support/strict-mock.js';
import type { AggregationService } from './aggregation.service.js';
import type { JobQueue } from './job-queue.js';
import { AGGREGATE, AGGREGATE_ALL } from './jobs.constants.js';
import { UnknownJobError } from '@app/common';
import {
  assertEveryJobHandled,
  JobsProcessor,
  type RunnableJob,
} from './jobs.processor.js';

Logger.overrideLogger(false);

const RESULT = {
  total_customers: 1,
  total_accounts: 2,
  active_accounts: 2,
  inactive_accounts: 0,
  avg_accounts_per_customer: 2,
};

function setup() {
  const aggregation = strictMock<AggregationService>('AggregationService');
  const jobs = strictMock<JobQueue>('JobQueue');
  const duration = strictMock<Histogram<'queue' | 'name'>>('Histogram');
  const stopTimer = jest.fn();
  duration.startTimer.mockReturnValue(stopTimer as never);
  const sut = new JobsProcessor(
    aggregation as unknown as AggregationService,
    jobs,
    duration as unknown as Histogram<'queue' | 'name'>,
  );
  return { sut, mocks: { aggregation, jobs, duration, stopTimer } };
}

function job<T>(
  name: string,
  data: T,
  attemptsMade = 0,
): RunnableJob<T> & { progress: number[] } {
  const progress: number[] = [];
  return {
    id: 'j1',
    name,
    queueName: 'critical',
    data,
    attemptsMade,
    progress,
    updateProgress: (value) => {
      progress.push(value);
      return Promise.resolve();
    },
  };
}

describe('JobsProcessor', () => {
  it('has a handler for every job name (start-up check passes)', () => {
    const { sut } = setup();
    expect(() => {
      sut.onModuleInit();
    }).not.toThrow();
  });

  it('fails start-up when a job name has no handler', () => {
    expect(() => {
      assertEveryJobHandled({ [AGGREGATE]: () => undefined }, [
        AGGREGATE,
        'new-job',
      ]);
    }).toThrow(UnknownJobError);
    expect(() => {
      assertEveryJobHandled({ [AGGREGATE]: () => undefined }, [
        AGGREGATE,
        'new-job',
      ]);
    }).toThrow(/new-job/);
  });

  it('aggregates one organization and day, reports progress and times the attempt', async () => {
    const { sut, mocks } = setup();
    mocks.aggregation.aggregate.mockResolvedValueOnce(RESULT);
    const running = job(AGGREGATE, { organization_id: 3, date: '2026-11-24' });
    await expect(sut.process(running)).resolves.toEqual(RESULT);
    expect(mocks.aggregation.aggregate).toHaveBeenCalledWith(
      Tenant.of(3),
      '2026-11-24',
      undefined,
    );
    expect(running.progress).toEqual([10, 100]);
    expect(mocks.duration.startTimer).toHaveBeenCalledWith({
      queue: 'critical',
      name: AGGREGATE,
    });
    expect(mocks.stopTimer).toHaveBeenCalledTimes(1);
  });

  it('reads no older than the WAL position the job carries', async () => {
    const { sut, mocks } = setup();
    mocks.aggregation.aggregate.mockResolvedValueOnce(RESULT);
    await sut.process(
      job(AGGREGATE, {
        organization_id: 3,
        date: '2026-11-24',
        wal_position: '1/A0',
      }),
    );
    expect(mocks.aggregation.aggregate).toHaveBeenCalledWith(
      Tenant.of(3),
      '2026-11-24',
      0x1_0000_00a0n,
    );
  });

  it('fans aggregate-all out to one aggregate job per organization on low', async () => {
    const { sut, mocks } = setup();
    mocks.aggregation.organizationIds.mockResolvedValueOnce([1, 2] as never);
    mocks.aggregation.request.mockImplementation((tenant, date) =>
      Promise.resolve({
        organization_id: tenant.organizationId,
        date,
        wal_position: '0/10',
      }),
    );
    mocks.jobs.addAggregate.mockResolvedValue({} as never);
    await expect(
      sut.process(job(AGGREGATE_ALL, { date: '2026-11-25' })),
    ).resolves.toEqual({ organizations: 2 });
    expect(mocks.jobs.addAggregate.mock.calls).toEqual([
      ['low', { organization_id: 1, date: '2026-11-25', wal_position: '0/10' }],
      ['low', { organization_id: 2, date: '2026-11-25', wal_position: '0/10' }],
    ]);
  });

  it('fails an unknown job name at once (not retried)', async () => {
    const { sut } = setup();
    await expect(sut.process(job('mystery', {}))).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
  });

  it('times a failed attempt too, and lets the error through (the backend retries it)', async () => {
    const { sut, mocks } = setup();
    mocks.aggregation.aggregate.mockRejectedValueOnce(
      new Error('database busy'),
    );
    await expect(
      sut.process(job(AGGREGATE, { organization_id: 1, date: '2026-11-24' })),
    ).rejects.toThrow('database busy');
    expect(mocks.stopTimer).toHaveBeenCalledTimes(1);
  });
});
