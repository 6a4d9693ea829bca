import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { errorInterceptor } from '../../core/http/error.interceptor';
import { AnalyticsService } from './analytics.service';

function setup() {
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideHttpClient(withInterceptors([errorInterceptor])),
      provideHttpClientTesting(),
    ],
  });
  return { sut: TestBed.inject(AnalyticsService), backend: TestBed.inject(HttpTestingController) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve));

describe('AnalyticsService.growth', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('uses stored snapshots when the jobs API has some', async () => {
    const { sut, backend } = setup();
    const growth = sut.growth(30);
    backend
      .expectOne('/api/analytics/history?days=30')
      .flush([
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

  it('falls back to created_at counts when history is absent (404) or empty', async () => {
    const { sut, backend } = setup();
    const row = {
      day: '2026-11-25',
      new_customers: 1,
      new_accounts: 0,
      total_customers: 3,
      total_accounts: 2,
    };
    const absent = sut.growth(7);
    backend
      .expectOne('/api/analytics/history?days=7')
      .flush({ error: 'Not found', status_code: 404 }, { status: 404, statusText: 'Not Found' });
    await tick();
    backend.expectOne('/api/analytics/growth?days=7').flush([row]);
    await expect(absent).resolves.toEqual({
      source: 'created_at',
      points: [{ day: '2026-11-25', total_customers: 3, total_accounts: 2 }],
    });

    const empty = sut.growth(7);
    backend.expectOne('/api/analytics/history?days=7').flush([]);
    await tick();
    backend.expectOne('/api/analytics/growth?days=7').flush([row]);
    await expect(empty).resolves.toMatchObject({ source: 'created_at' });
  });

  it('does not hide an outage behind the fallback', async () => {
    const { sut, backend } = setup();
    const growth = sut.growth(30);
    backend
      .expectOne('/api/analytics/history?days=30')
      .flush(
        { error: 'Service unavailable', status_code: 503 },
        { status: 503, statusText: 'Service Unavailable' },
      );
    await expect(growth).rejects.toMatchObject({ status: 503 });
  });
});
