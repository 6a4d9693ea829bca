import { describe, expect, it } from '@jest/globals';
import { JobNotFound, JobsUnavailableError } from '@app/common';
import {
  type AggregationService,
  type JobQueue,
  type JobView,
  todayUtc,
} from '@app/jobs';
import { strictMock } from '../../../../test/support/strict-mock.js';
import { JobsService } from './jobs.service.js';
import { Tenant } from '@app/database';

const ORG = Tenant.of(4);

function setup() {
  const jobs = strictMock<JobQueue>('JobQueue');
  const aggregation = strictMock<AggregationService>('AggregationService');
  // The payload carries the leader's WAL position at enqueue time.
  aggregation.request.mockImplementation((tenant, date) =>
    Promise.resolve({
      organization_id: tenant.organizationId,
      date,
      wal_position: '0/16B3D48',
    }),
  );
  return {
    sut: new JobsService(jobs, aggregation as unknown as AggregationService),
    mocks: { jobs },
  };
}

const VIEW = {
  job_id: 'agg-1',
  queue: 'critical',
  state: 'waiting',
} as JobView;

describe('JobsService', () => {
  it('enqueues on critical for the caller’s organization, today (UTC) by default', async () => {
    const { sut, mocks } = setup();
    mocks.jobs.addAggregate.mockResolvedValueOnce(VIEW);
    await expect(sut.enqueueAggregate(ORG, undefined)).resolves.toBe(VIEW);
    expect(mocks.jobs.addAggregate).toHaveBeenCalledWith('critical', {
      organization_id: 4,
      date: todayUtc(),
      wal_position: '0/16B3D48',
    });
  });

  it('lets the queue’s JobsUnavailableError (503 at the edge) and other errors through unchanged', async () => {
    const { sut, mocks } = setup();
    const unavailable = new JobsUnavailableError();
    mocks.jobs.addAggregate.mockRejectedValueOnce(unavailable);
    await expect(sut.enqueueAggregate(ORG, '2026-11-01')).rejects.toBe(
      unavailable,
    );
    mocks.jobs.list.mockRejectedValueOnce(unavailable);
    await expect(sut.list(ORG, 20)).rejects.toBe(unavailable);
    const other = new Error('database down');
    mocks.jobs.get.mockRejectedValueOnce(other);
    await expect(sut.get(ORG, 'agg-1')).rejects.toBe(other);
  });

  it('answers JobNotFound for a job that is absent or another organization’s', async () => {
    const { sut, mocks } = setup();
    mocks.jobs.get.mockResolvedValueOnce(undefined);
    await expect(sut.get(ORG, 'agg-9')).rejects.toBeInstanceOf(JobNotFound);
    expect(mocks.jobs.get).toHaveBeenCalledWith(4, 'agg-9');
  });
});
