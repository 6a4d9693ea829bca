import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { errorInterceptor } from '../../core/http/error.interceptor';
import { JobsPage } from './jobs-page';
import { JobsService } from './jobs.service';

const settle = () => new Promise((resolve) => setTimeout(resolve));

async function setup() {
  TestBed.configureTestingModule({
    imports: [JobsPage],
    providers: [
      provideRouter([]),
      provideHttpClient(withInterceptors([errorInterceptor])),
      provideHttpClientTesting(),
    ],
  });
  const fixture = TestBed.createComponent(JobsPage);
  fixture.detectChanges();
  return {
    fixture,
    backend: TestBed.inject(HttpTestingController),
    element: fixture.nativeElement as HTMLElement,
  };
}

describe('JobsPage', () => {
  it('says so when the server has no jobs API (GET /api/jobs answers 404)', async () => {
    const { fixture, backend, element } = await setup();
    backend
      .expectOne('/api/jobs?limit=20')
      .flush(
        { error: 'Cannot GET /api/jobs', status_code: 404 },
        { status: 404, statusText: 'Not Found' },
      );
    await settle();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="jobs-unavailable"]')?.textContent?.trim()).toBe(
      'Background jobs are not available on this server.',
    );
  });

  it('shows why the jobs could not be read when the jobs API fails (not a 404)', async () => {
    const { fixture, backend, element } = await setup();
    backend
      .expectOne('/api/jobs?limit=20')
      .flush(
        { error: 'Service unavailable', status_code: 503 },
        { status: 503, statusText: 'Service Unavailable' },
      );
    await settle();
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain(
      'Could not load jobs: Service unavailable',
    );
    expect(element.querySelector('[data-testid="jobs-unavailable"]')).toBeNull();
  });

  it('lists recent jobs with their failures, and watches a started job until it finishes', async () => {
    const { fixture, backend, element } = await setup();
    const job = (id: string, state: string, failed_reason: string | null = null) => ({
      job_id: id,
      queue: 'default',
      name: 'aggregate',
      state,
      progress: 0,
      attempts: 1,
      data: { date: '2026-11-24' },
      result: null,
      failed_reason,
      created_at: '2026-11-25T10:00:00Z',
      finished_at: null,
    });
    backend.expectOne('/api/jobs?limit=20').flush([job('1', 'failed', 'database unreachable')]);
    await settle();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="job-row"]')?.textContent).toContain(
      'database unreachable',
    );

    vi.useFakeTimers();
    try {
      element.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
      const start = backend.expectOne({ method: 'POST', url: '/api/jobs/aggregate' });
      expect(start.request.body).toEqual({});
      start.flush(
        { job_id: '2', queue: 'default', state: 'waiting' },
        { status: 202, statusText: 'Accepted' },
      );
      await vi.advanceTimersByTimeAsync(0);
      backend.expectOne('/api/jobs/2').flush(job('2', 'active'));
      await vi.advanceTimersByTimeAsync(1000);
      backend.expectOne('/api/jobs/2').flush(job('2', 'completed'));
      await vi.advanceTimersByTimeAsync(0);
      backend
        .match('/api/jobs?limit=20')
        .forEach((request) => request.flush([job('2', 'completed')]));
      await vi.advanceTimersByTimeAsync(0);
    } finally {
      vi.useRealTimers();
    }
    await fixture.whenStable();
    expect(TestBed.inject(JobsService).available()).toBe(true);
    expect(element.querySelector('[data-testid="watched-job"]')?.textContent).toContain(
      'completed',
    );
    backend.verify();
  });
});
