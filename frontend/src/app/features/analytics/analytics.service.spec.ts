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

  it('reads every day of the period from the growth endpoint alone, whatever jobs have stored', async () => {
    const { sut, backend } = setup();
    const days = [
      growthDay('2026-11-24', { total_customers: 2, total_accounts: 1, active_accounts: 1 }),
      growthDay('2026-11-25', { total_customers: 3, deleted_accounts: 1 }),
    ];
    const growth = firstValueFrom(sut.growth(30));
    backend.expectOne('/api/analytics/growth?days=30').flush(days);
    await expect(growth).resolves.toEqual(days);
    // No second source: the stored history is not read, not even first.
    backend.expectNone((request) => request.url.startsWith('/api/analytics/history'));
  });

  it('passes a failure on', async () => {
    const { sut, backend } = setup();
    const growth = firstValueFrom(sut.growth(7));
    backend
      .expectOne('/api/analytics/growth?days=7')
      .flush({ error: 'Failed', status_code: 503 }, { status: 503, statusText: 'Failed' });
    await expect(growth).rejects.toMatchObject({ status: 503 });
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
