import { describe, expect, it } from '@jest/globals';
import type { AnalyticsReader } from '@app/database';
import type { DataSource, EntityManager } from 'typeorm';
import { strictMock } from '../../../test/support/strict-mock.js';
import {
  AGGREGATE_SQL,
  AggregationService,
  UPSERT_SNAPSHOT_SQL,
} from './aggregation.service.js';

function setup(counts: Record<string, number>) {
  const reader = strictMock<AnalyticsReader>('AnalyticsReader');
  const primary = strictMock<DataSource>('DataSource(primary)');
  const follower = strictMock<EntityManager>('EntityManager(analytics)');
  follower.query.mockResolvedValue([counts] as never);
  reader.read.mockImplementation(((
    work: (manager: EntityManager) => Promise<unknown>,
  ) => work(follower as unknown as EntityManager)) as never);
  primary.query.mockResolvedValue([] as never);
  const sut = new AggregationService(
    reader as unknown as AnalyticsReader,
    primary as unknown as DataSource,
  );
  return { sut, mocks: { reader, primary, follower } };
}

describe('AggregationService', () => {
  it('reads through the analytics DataSource and upserts the row on the primary', async () => {
    const { sut, mocks } = setup({
      total_customers: 4,
      total_accounts: 6,
      active_accounts: 5,
      inactive_accounts: 1,
    });
    const at = new Date('2026-11-25T10:00:00.000Z');
    await expect(sut.aggregate(7, '2026-11-24', () => at)).resolves.toEqual({
      total_customers: 4,
      total_accounts: 6,
      active_accounts: 5,
      inactive_accounts: 1,
      avg_accounts_per_customer: 1.5,
    });
    expect(mocks.reader.read).toHaveBeenCalledTimes(1);
    expect(mocks.follower.query).toHaveBeenCalledWith(AGGREGATE_SQL, [
      7,
      '2026-11-24',
    ]);
    expect(mocks.primary.query).toHaveBeenCalledWith(UPSERT_SNAPSHOT_SQL, [
      7,
      '2026-11-24',
      4,
      6,
      5,
      1,
      1.5,
      at,
    ]);
  });

  it('answers an average of 0 for an organization without customers', async () => {
    const { sut } = setup({
      total_customers: 0,
      total_accounts: 0,
      active_accounts: 0,
      inactive_accounts: 0,
    });
    await expect(sut.aggregate(1, '2026-11-24')).resolves.toMatchObject({
      avg_accounts_per_customer: 0,
    });
  });

  it('upserts on (organization_id, day) and never lets an older computation overwrite a newer one', () => {
    expect(UPSERT_SNAPSHOT_SQL).toMatch(
      /ON CONFLICT \(organization_id, day\) DO UPDATE/,
    );
    expect(UPSERT_SNAPSHOT_SQL).toMatch(
      /WHERE s\.computed_at <= EXCLUDED\.computed_at/,
    );
  });

  it('lets a read failure through without writing', async () => {
    const { sut, mocks } = setup({});
    mocks.reader.read.mockReset();
    mocks.reader.read.mockRejectedValueOnce(new Error('boom'));
    await expect(sut.aggregate(1, '2026-11-24')).rejects.toThrow('boom');
    expect(mocks.primary.query).not.toHaveBeenCalled();
  });
});
