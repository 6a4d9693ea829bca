import { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { AnalyticsService } from './analytics.service';
import { customerTotals, growthDay } from '../../../testing/fixtures';
import { configureApiTesting, settle } from '../../../testing/http';

function setup() {
  configureApiTesting();
  return { sut: TestBed.inject(AnalyticsService), backend: TestBed.inject(HttpTestingController) };
}

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

describe('AnalyticsService.customerTotalsResource', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('reads once the id is known, and exactly once more on reload (the API is causal: no lag retries)', async () => {
    const { sut, backend } = setup();
    const id = signal<number | undefined>(undefined);
    const resource = TestBed.runInInjectionContext(() => sut.customerTotalsResource(id));
    TestBed.tick();
    backend.expectNone('/api/analytics/customers/5');

    id.set(5);
    TestBed.tick();
    backend.expectOne('/api/analytics/customers/5').flush(customerTotals(1));
    await settle();
    expect(resource.value()).toEqual(customerTotals(1));

    resource.reload();
    TestBed.tick();
    backend.expectOne('/api/analytics/customers/5').flush(customerTotals(2));
    await settle();
    expect(resource.value()).toEqual(customerTotals(2));
    backend.expectNone('/api/analytics/customers/5');
  });
});
