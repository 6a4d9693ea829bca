import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { AnalyticsService, LAG_RETRIES, LAG_RETRY_MS } from './analytics.service';
import { customerTotals, growthDay } from '../../../testing/fixtures';
import { configureApiTesting, useFakeTimers } from '../../../testing/http';
import { record } from '../../../testing/rx';

function setup() {
  configureApiTesting();
  return { sut: TestBed.inject(AnalyticsService), backend: TestBed.inject(HttpTestingController) };
}

const totals = (totalAccounts: number) => customerTotals(totalAccounts);

describe('AnalyticsService.growth', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('uses stored snapshots when there are some', async () => {
    const { sut, backend } = setup();
    const growth = firstValueFrom(sut.growth(30));
    backend.expectOne('/api/analytics/history?days=30').flush([
      {
        day: '2026-11-24',
        total_customers: 4,
        total_accounts: 6,
        active_accounts: 5,
        inactive_accounts: 1,
        avg_accounts_per_customer: 1.5,
        computed_at: 'x',
      },
    ]);
    await expect(growth).resolves.toEqual({
      source: 'snapshots',
      points: [{ day: '2026-11-24', total_customers: 4, total_accounts: 6 }],
    });
  });

  it('counts from creation dates before the first snapshot is stored (empty history)', async () => {
    const { sut, backend } = setup();
    const growth = firstValueFrom(sut.growth(7));
    backend.expectOne('/api/analytics/history?days=7').flush([]);
    backend.expectOne('/api/analytics/growth?days=7').flush([growthDay('2026-11-25', 3, 2)]);
    await expect(growth).resolves.toEqual({
      source: 'created_at',
      points: [{ day: '2026-11-25', total_customers: 3, total_accounts: 2 }],
    });
  });

  it('does not hide a failure behind the fallback (the API always has the history)', async () => {
    const { sut, backend } = setup();
    for (const status of [404, 503]) {
      const growth = firstValueFrom(sut.growth(30));
      backend
        .expectOne('/api/analytics/history?days=30')
        .flush({ error: 'Failed', status_code: status }, { status, statusText: 'Failed' });
      await expect(growth).rejects.toMatchObject({ status });
    }
    backend.expectNone('/api/analytics/growth?days=30');
  });
});

describe('AnalyticsService.customerTotalsAfterWrite (follower-lag tolerance)', () => {
  useFakeTimers();

  it('reads again every LAG_RETRY_MS until the totals count the write, then stops', async () => {
    const { sut, backend } = setup();
    const seen = record(sut.customerTotalsAfterWrite(5, 2));
    for (const count of [1, 1, 2]) {
      backend.expectOne('/api/analytics/customers/5').flush(totals(count));
      await vi.advanceTimersByTimeAsync(LAG_RETRY_MS);
    }
    await vi.advanceTimersByTimeAsync(LAG_RETRY_MS * 20);
    backend.expectNone('/api/analytics/customers/5');
    expect(seen.values.map((read) => read.total_accounts)).toEqual([1, 1, 2]);
    expect(seen.completed()).toBe(true);
  });

  it('gives up after LAG_RETRIES more reads, showing the last answer', async () => {
    const { sut, backend } = setup();
    const done = lastValueFrom(sut.customerTotalsAfterWrite(5, 2));
    for (let read = 0; read <= LAG_RETRIES; read += 1) {
      backend.expectOne('/api/analytics/customers/5').flush(totals(1));
      await vi.advanceTimersByTimeAsync(LAG_RETRY_MS);
    }
    await vi.advanceTimersByTimeAsync(LAG_RETRY_MS * 20);
    backend.expectNone('/api/analytics/customers/5');
    await expect(done).resolves.toEqual(totals(1));
  });

  it('stops, aborting the read in flight, when unsubscribed (the page is left)', async () => {
    const { sut, backend } = setup();
    const { subscription } = record(sut.customerTotalsAfterWrite(5, 2));
    backend.expectOne('/api/analytics/customers/5').flush(totals(1));
    await vi.advanceTimersByTimeAsync(LAG_RETRY_MS);
    const inFlight = backend.expectOne('/api/analytics/customers/5');
    subscription.unsubscribe();
    expect(inFlight.cancelled).toBe(true);
    await vi.advanceTimersByTimeAsync(LAG_RETRY_MS * 20);
    backend.expectNone('/api/analytics/customers/5');
  });
});
