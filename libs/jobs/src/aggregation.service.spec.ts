import { describe, expect, it } from '@jest/globals';
import { type ReadRouter, Tenant, type TenantDataSource } from '@app/database';
import type { Gauge } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import { strictMock } from '../../../test/support/strict-mock.js';
import {
  AggregationService,
  CHECK_SQL,
  REPAIR_SQL,
  UPSERT_SNAPSHOT_SQL,
} from './aggregation.service.js';

const ORG = Tenant.of(7);
const DAY_TOTALS = {
  total_customers: 4,
  total_accounts: 6,
  active_accounts: 5,
  inactive_accounts: 1,
};
const NO_DRIFT = { totals_drift: 0, counts_drift: 0, distribution_drift: 0 };

function setup(check: Record<string, number> = { ...DAY_TOTALS, ...NO_DRIFT }) {
  const db = strictMock<TenantDataSource>('TenantDataSource');
  const router = strictMock<ReadRouter>('ReadRouter');
  const primary = strictMock<DataSource>('DataSource(primary)');
  const manager = strictMock<EntityManager>('EntityManager');
  const gauge = strictMock<Gauge<'rollup'>>('Gauge');
  db.read.mockResolvedValue({
    rows: [{ ...check, in_recovery: true, served_lsn: '0/10' }],
    route: { target: 'follower', replica: '1', reason: 'fresh' },
  } as never);
  // After a repair the day is read again on the leader: rollups exact by then.
  db.rows.mockImplementation(
    (_tenant, sql) =>
      Promise.resolve(
        sql === CHECK_SQL ? [{ ...DAY_TOTALS, ...NO_DRIFT }] : [],
      ) as never,
  );
  db.transaction.mockImplementation((_tenant, work) =>
    work(manager as unknown as EntityManager),
  );
  manager.query.mockResolvedValue([] as never);
  gauge.set.mockReturnValue(undefined);
  const sut = new AggregationService(
    db as unknown as TenantDataSource,
    router as unknown as ReadRouter,
    primary as unknown as DataSource,
    gauge as unknown as Gauge<'rollup'>,
  );
  return { sut, mocks: { db, router, manager, gauge } };
}

const folds = (manager: ReturnType<typeof setup>['mocks']['manager']) =>
  manager.query.mock.calls.filter(([sql]) => sql.includes('analytics_fold'))
    .length;

describe('AggregationService', () => {
  it('checks through the router (no older than the job position), folds, and upserts the day through the tenancy layer', async () => {
    const { sut, mocks } = setup();
    const at = new Date('2026-11-25T10:00:00.000Z');
    await expect(
      sut.aggregate(ORG, '2026-11-24', 0xa0n, () => at),
    ).resolves.toEqual({
      ...DAY_TOTALS,
      avg_accounts_per_customer: 1.5,
      rollup_drift: 0,
    });
    expect(mocks.db.read).toHaveBeenCalledWith(
      ORG,
      CHECK_SQL,
      ['2026-11-24'],
      0xa0n,
    );
    expect(folds(mocks.manager)).toBe(1);
    // No repair: the only statements through the tenancy layer are the snapshot's.
    expect(mocks.db.rows.mock.calls).toEqual([
      [ORG, UPSERT_SNAPSHOT_SQL, ['2026-11-24', 4, 6, 5, 1, 1.5, at]],
    ]);
    expect(mocks.gauge.set.mock.calls).toEqual([
      [{ rollup: 'totals' }, 0],
      [{ rollup: 'counts' }, 0],
      [{ rollup: 'distribution' }, 0],
    ]);
  });

  it('repairs drifted rollups on the leader under the fold lock, then reads the day again on the leader', async () => {
    const { sut, mocks } = setup({
      ...DAY_TOTALS,
      totals_drift: 1,
      counts_drift: 2,
      distribution_drift: 0,
    });
    const repairedDay = {
      total_customers: 4,
      total_accounts: 8,
      active_accounts: 6,
      inactive_accounts: 2,
      ...NO_DRIFT,
    };
    mocks.db.rows.mockImplementation(
      (_tenant, sql) =>
        Promise.resolve(sql === CHECK_SQL ? [repairedDay] : []) as never,
    );
    await expect(sut.aggregate(ORG, '2026-11-24')).resolves.toEqual({
      total_customers: 4,
      total_accounts: 8,
      active_accounts: 6,
      inactive_accounts: 2,
      avg_accounts_per_customer: 2,
      rollup_drift: 3,
    });
    const statements = mocks.db.rows.mock.calls.map(([, sql]) => sql);
    expect(statements).toEqual([
      REPAIR_SQL.counts,
      REPAIR_SQL.totals,
      REPAIR_SQL.distribution,
      CHECK_SQL,
      UPSERT_SNAPSHOT_SQL,
    ]);
    // The repairs ran in the transaction (its manager), after the lock and before the final fold.
    expect(mocks.db.rows.mock.calls[0][3]).toBe(mocks.manager);
    expect(folds(mocks.manager)).toBe(2);
    expect(mocks.gauge.set).toHaveBeenCalledWith({ rollup: 'counts' }, 2);
    expect(mocks.gauge.set).toHaveBeenCalledWith({ rollup: 'totals' }, 1);
  });

  it('reports the drift of every organization it checked last, until a later check of that organization finds none', async () => {
    const { sut, mocks } = setup({
      ...DAY_TOTALS,
      ...NO_DRIFT,
      counts_drift: 2,
    });
    await sut.aggregate(ORG, '2026-11-24');
    mocks.db.read.mockResolvedValue({
      rows: [{ ...DAY_TOTALS, ...NO_DRIFT }],
      route: { target: 'leader', reason: 'no-follower' },
    } as never);
    await sut.aggregate(Tenant.of(8), '2026-11-24');
    expect(mocks.gauge.set).toHaveBeenLastCalledWith(
      { rollup: 'distribution' },
      0,
    );
    expect(mocks.gauge.set.mock.calls.at(-2)).toEqual([
      { rollup: 'counts' },
      2,
    ]);
    await sut.aggregate(ORG, '2026-11-24');
    expect(mocks.gauge.set.mock.calls.at(-2)).toEqual([
      { rollup: 'counts' },
      0,
    ]);
  });

  it('answers an average of 0 for an organization without customers', async () => {
    const { sut } = setup({
      total_customers: 0,
      total_accounts: 0,
      active_accounts: 0,
      inactive_accounts: 0,
      ...NO_DRIFT,
    });
    await expect(sut.aggregate(ORG, '2026-11-24')).resolves.toMatchObject({
      avg_accounts_per_customer: 0,
    });
  });

  it('requests a job with the position the router gives for the organization now', async () => {
    const { sut, mocks } = setup();
    mocks.router.positionForJob.mockResolvedValueOnce(0x1_0000_00a0n);
    await expect(sut.request(ORG, '2026-11-24')).resolves.toEqual({
      organization_id: 7,
      date: '2026-11-24',
      wal_position: '1/A0',
    });
    expect(mocks.router.positionForJob).toHaveBeenCalledWith(7);
  });

  it('lets a read failure through without writing', async () => {
    const { sut, mocks } = setup();
    mocks.db.read.mockReset();
    mocks.db.read.mockRejectedValueOnce(new Error('boom'));
    await expect(sut.aggregate(ORG, '2026-11-24')).rejects.toThrow('boom');
    expect(mocks.db.rows).not.toHaveBeenCalled();
    expect(mocks.db.transaction).not.toHaveBeenCalled();
  });
});
