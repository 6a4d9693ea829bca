import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ToastService } from '../../core/toast/toast.service';
import { JobsPage } from './jobs-page';
import { query } from '../../../testing/dom';
import { configureApiTesting } from '../../../testing/http';

const settle = () => new Promise((resolve) => setTimeout(resolve));

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

function setup() {
  configureApiTesting({ imports: [JobsPage] });
  const fixture = TestBed.createComponent(JobsPage);
  fixture.detectChanges();
  return {
    fixture,
    backend: TestBed.inject(HttpTestingController),
    element: fixture.nativeElement as HTMLElement,
  };
}

describe('JobsPage', () => {
  it('shows why the jobs could not be read (e.g. a 503 while the queue is down)', async () => {
    const { fixture, backend, element } = setup();
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
    // The form stays usable: the API always ships with its jobs.
    expect(element.querySelector('button[type="submit"]')?.textContent).toContain(
      'Start aggregation',
    );
  });

  it('lists recent jobs with their failures, and watches a started job until it finishes', async () => {
    const { fixture, backend, element } = setup();
    backend.expectOne('/api/jobs?limit=20').flush([job('1', 'failed', 'database unreachable')]);
    await settle();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="job-row"]')?.textContent).toContain(
      'database unreachable',
    );

    vi.useFakeTimers();
    try {
      query<HTMLFormElement>(element, 'form').dispatchEvent(new Event('submit'));
      const start = backend.expectOne({ method: 'POST', url: '/api/jobs/aggregate' });
      expect(start.request.body).toEqual({});
      start.flush(
        { job_id: '2', queue: 'default', state: 'waiting' },
        { status: 202, statusText: 'Accepted' },
      );
      await vi.advanceTimersByTimeAsync(0);
      backend.expectOne('/api/jobs?limit=20').flush([job('2', 'waiting')]);
      await vi.advanceTimersByTimeAsync(10);
      backend.expectOne('/api/jobs/2').flush(job('2', 'active'));
      await vi.advanceTimersByTimeAsync(1000);
      backend.expectOne('/api/jobs/2').flush(job('2', 'completed'));
      await vi.advanceTimersByTimeAsync(0);
      backend.expectOne('/api/jobs?limit=20').flush([job('2', 'completed')]);
      await vi.advanceTimersByTimeAsync(5000);
      backend.expectNone('/api/jobs/2'); // the poll stopped at the final state
    } finally {
      vi.useRealTimers();
    }
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="watched-job"]')?.textContent).toContain(
      'completed',
    );
    expect(element.querySelector('[data-testid="job-row"]')?.textContent).toContain('completed');
    expect(
      TestBed.inject(ToastService)
        .toasts()
        .map((toast) => toast.text),
    ).toContain('Job 2 completed.');
    backend.verify();
  });

  it('stops polling when the page is left', async () => {
    const { fixture, backend, element } = setup();
    backend.expectOne('/api/jobs?limit=20').flush([]);
    await settle();
    await fixture.whenStable();
    vi.useFakeTimers();
    try {
      query<HTMLFormElement>(element, 'form').dispatchEvent(new Event('submit'));
      backend
        .expectOne('/api/jobs/aggregate')
        .flush({ job_id: '3', queue: 'default', state: 'waiting' });
      await vi.advanceTimersByTimeAsync(0);
      backend.expectOne('/api/jobs?limit=20').flush([]);
      await vi.advanceTimersByTimeAsync(10);
      backend.expectOne('/api/jobs/3').flush(job('3', 'active'));
      await vi.advanceTimersByTimeAsync(1000);
      const inFlight = backend.expectOne('/api/jobs/3');
      fixture.destroy();
      expect(inFlight.cancelled).toBe(true);
      await vi.advanceTimersByTimeAsync(5000);
      backend.expectNone('/api/jobs/3');
    } finally {
      vi.useRealTimers();
    }
    backend.verify();
  });
});
