import { describe, expect, it } from '@jest/globals';
import { pgBossQueueOptions } from './job-options.js';
import {
  contractStateOf,
  pgBossJobData,
  pgBossOptions,
  type PgBossSettings,
  viewOfPgBossJob,
} from './pg-boss-job-queue.js';

const SETTINGS: PgBossSettings = {
  attempts: 3,
  backoffMs: 1000,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  pollIntervalMs: 1000,
  concurrency: { critical: 6, default: 3, low: 1 },
};

const RESULT = {
  avg_accounts_per_customer: 1.5,
  inactive_accounts: 1,
  active_accounts: 2,
  total_accounts: 3,
  total_customers: 2,
};

function row(fields: Record<string, unknown> = {}) {
  return {
    id: '5b29beae-4290-43e9-82a7-02e0a2c301cb',
    name: 'critical' as const,
    data: pgBossJobData('aggregate', {
      organization_id: 4,
      date: '2026-11-25',
    }),
    state: 'active' as const,
    later: false,
    retry_count: 0,
    output: null,
    created_on: new Date('2026-11-25T10:00:00Z'),
    completed_on: null,
    ...fields,
  };
}

describe('pg-boss jobs as the contract shows them', () => {
  it("maps pg-boss's states onto the five of the contract", () => {
    expect(contractStateOf({ state: 'created', later: false })).toBe('waiting');
    expect(contractStateOf({ state: 'created', later: true })).toBe('delayed');
    expect(contractStateOf({ state: 'retry', later: true })).toBe('delayed');
    expect(
      ['active', 'completed', 'failed', 'cancelled'].map((state) =>
        contractStateOf({ state: state as 'active', later: false }),
      ),
    ).toEqual(['active', 'completed', 'failed', 'failed']);
  });

  it('counts attempts as BullMQ does: none while waiting, the one running, each failed one', () => {
    expect(viewOfPgBossJob(row({ state: 'created' })).attempts).toBe(0);
    expect(
      viewOfPgBossJob(row({ state: 'active', retry_count: 0 })).attempts,
    ).toBe(1);
    // Failed once, waiting for its retry: pg-boss counts the retry when it starts.
    expect(
      viewOfPgBossJob(
        row({ state: 'retry', retry_count: 0, output: { message: 'boom' } }),
      ),
    ).toMatchObject({ attempts: 1, state: 'delayed', failed_reason: 'boom' });
    expect(
      viewOfPgBossJob(
        row({ state: 'failed', retry_count: 2, output: { message: 'boom' } }),
      ).attempts,
    ).toBe(3);
  });

  it('shows the result (in the contract field order) only once completed, and no failure reason then', () => {
    const done = viewOfPgBossJob(
      row({
        state: 'completed',
        retry_count: 1,
        output: RESULT,
        completed_on: new Date('2026-11-25T10:00:01Z'),
      }),
    );
    expect(done).toEqual({
      job_id: '5b29beae-4290-43e9-82a7-02e0a2c301cb',
      queue: 'critical',
      name: 'aggregate',
      state: 'completed',
      progress: 100,
      attempts: 2,
      data: { date: '2026-11-25' },
      result: {
        total_customers: 2,
        total_accounts: 3,
        active_accounts: 2,
        inactive_accounts: 1,
        avg_accounts_per_customer: 1.5,
      },
      failed_reason: null,
      created_at: '2026-11-25T10:00:00.000Z',
      finished_at: '2026-11-25T10:00:01.000Z',
    });
    expect(Object.keys(done.result ?? {})).toEqual([
      'total_customers',
      'total_accounts',
      'active_accounts',
      'inactive_accounts',
      'avg_accounts_per_customer',
    ]);
    expect(
      viewOfPgBossJob(row({ state: 'active', output: RESULT })).result,
    ).toBeNull();
  });
});

describe('pg-boss configuration', () => {
  it('retries attempts - 1 times with exponential backoff in whole seconds (at least 1), expiring a job after the lock duration', () => {
    expect(pgBossQueueOptions(SETTINGS)).toEqual({
      policy: 'standard',
      retryLimit: 2,
      retryDelay: 1,
      retryBackoff: true,
      expireInSeconds: 30,
    });
    expect(
      pgBossQueueOptions({ ...SETTINGS, backoffMs: 100, lockDurationMs: 1500 }),
    ).toMatchObject({ retryDelay: 1, expireInSeconds: 2 });
  });

  it('uses the primary with its TLS setting, a small pool of its own and the configured schema', () => {
    const options = pgBossOptions(
      {
        url: 'postgres://u:p@db.example:5432/app',
        ssl: { rejectUnauthorized: false },
      },
      'pgboss',
      SETTINGS,
      3000,
    ) as Record<string, unknown>;
    expect(options).toMatchObject({
      connectionString: 'postgres://u:p@db.example:5432/app',
      ssl: { rejectUnauthorized: false },
      max: 3,
      schema: 'pgboss',
      maintenanceIntervalSeconds: 30,
      connectionTimeoutMillis: 3000,
    });
  });
});
