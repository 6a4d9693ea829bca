import { describe, expect, it } from '@jest/globals';
import { type ReadRouter, Tenant, type TenantDataSource } from '@app/database';
import type { DataSource } from 'typeorm';
import { strictMock } from '../../../test/support/strict-mock.js';
import {
  AGGREGATE_SQL,
  AggregationService,
  UPSERT_SNAPSHOT_SQL,
} from './aggregation.service.js';

const ORG = Tenant.of(7);

function setup(counts: Record<string, number>) {
  const db = strictMock<TenantDataSource>('TenantDataSource');
  const router = strictMock<ReadRouter>('ReadRouter');
  const primary = strictMock<DataSource>('DataSource(primary)');
  db.read.mockResolvedValue({
    rows: [{ ...counts, in_recovery: true, served_lsn: '0/10' }],
    route: { target: 'follower', replica: '1', reason: 'fresh' },
  } as never);
  db.rows.mockResolvedValue([] as never);
  const sut = new AggregationService(
    db as unknown as TenantDataSource,
    router as unknown as ReadRouter,
    primary as unknown as DataSource,
  );
  return { sut, mocks: { db, router, primary } };
}

describe('AggregationService', () => {
  it('reads through the router (no older than the job position) and upserts the row through the tenancy layer', async () => {
    const { sut, mocks } = setup({
      total_customers: 4,
      total_accounts: 6,
      active_accounts: 5,
      inactive_accounts: 1,
    });
    const at = new Date('2026-11-25T10:00:00.000Z');
    await expect(
      sut.aggregate(ORG, '2026-11-24', 0xa0n, () => at),
    ).resolves.toEqual({
      total_customers: 4,
      total_accounts: 6,
      active_accounts: 5,
      inactive_accounts: 1,
      avg_accounts_per_customer: 1.5,
    });
    expect(mocks.db.read).toHaveBeenCalledWith(
      ORG,
      AGGREGATE_SQL,
      ['2026-11-24'],
      0xa0n,
    );
    expect(mocks.db.rows).toHaveBeenCalledWith(ORG, UPSERT_SNAPSHOT_SQL, [
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
    await expect(sut.aggregate(ORG, '2026-11-24')).resolves.toMatchObject({
      avg_accounts_per_customer: 0,
    });
  });

  it('requests a job with the position the router gives for the organization now', async () => {
    const { sut, mocks } = setup({});
    mocks.router.positionForJob.mockResolvedValueOnce(0x1_0000_00a0n);
    await expect(sut.request(ORG, '2026-11-24')).resolves.toEqual({
      organization_id: 7,
      date: '2026-11-24',
      wal_position: '1/A0',
    });
    expect(mocks.router.positionForJob).toHaveBeenCalledWith(7);
  });

  it('lets a read failure through without writing', async () => {
    const { sut, mocks } = setup({});
    mocks.db.read.mockReset();
    mocks.db.read.mockRejectedValueOnce(new Error('boom'));
    await expect(sut.aggregate(ORG, '2026-11-24')).rejects.toThrow('boom');
    expect(mocks.db.rows).not.toHaveBeenCalled();
  });
});
