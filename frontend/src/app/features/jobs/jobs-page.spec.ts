import { TestBed } from '@angular/core/testing';
import { ToastService } from '../../core/toast/toast.service';
import { JobsPage } from './jobs-page';
import { job } from '../../../testing/fixtures';
import { failure, settle } from '../../../testing/http';
import { renderPage } from '../../../testing/render';

const RECENT = '/api/jobs?limit=20';

describe('JobsPage', () => {
  it('shows why the jobs could not be read (e.g. a 503 while the queue is down), and reads again on request', async () => {
    const { backend, element, text, stable } = renderPage(JobsPage);
    backend.expectOne(RECENT).flush(...failure(503, 'Service unavailable'));
    await stable();
    const alert = element.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Could not load jobs: Service unavailable');
    // The form stays usable: the API always ships with its jobs.
    expect(element.querySelector('button[type="submit"]')?.textContent).toContain(
      'Start aggregation',
    );
    alert?.querySelector('button')?.click();
    await settle();
    backend.expectOne(RECENT).flush([job('1', 'completed')]);
    await stable();
    expect(text('job-row')).toContain('completed');
    backend.verify();
  });

  it('lists recent jobs with their failures, and watches a started job until it finishes', async () => {
    const { backend, text, submit, stable } = renderPage(JobsPage);
    backend.expectOne(RECENT).flush([job('1', 'failed', 'database unreachable')]);
    await stable();
    expect(text('job-row')).toContain('database unreachable');

    vi.useFakeTimers();
    try {
      submit();
      const start = backend.expectOne({ method: 'POST', url: '/api/jobs/aggregate' });
      expect(start.request.body).toEqual({});
      start.flush(
        { job_id: '2', queue: 'default', state: 'waiting' },
        { status: 202, statusText: 'Accepted' },
      );
      await vi.advanceTimersByTimeAsync(0);
      backend.expectOne(RECENT).flush([job('2', 'waiting')]);
      await vi.advanceTimersByTimeAsync(10);
      backend.expectOne('/api/jobs/2').flush(job('2', 'active'));
      await vi.advanceTimersByTimeAsync(1000);
      backend.expectOne('/api/jobs/2').flush(job('2', 'completed'));
      await vi.advanceTimersByTimeAsync(0);
      backend.expectOne(RECENT).flush([job('2', 'completed')]);
      await vi.advanceTimersByTimeAsync(5000);
      backend.expectNone('/api/jobs/2'); // the poll stopped at the final state
    } finally {
      vi.useRealTimers();
    }
    await stable();
    expect(text('watched-job')).toContain('completed');
    expect(text('job-row')).toContain('completed');
    expect(
      TestBed.inject(ToastService)
        .toasts()
        .map((toast) => toast.text),
    ).toContain('Job 2 completed.');
    backend.verify();
  });

  it('stops polling when the page is left', async () => {
    const { fixture, backend, submit, stable } = renderPage(JobsPage);
    backend.expectOne(RECENT).flush([]);
    await stable();
    vi.useFakeTimers();
    try {
      submit();
      backend
        .expectOne('/api/jobs/aggregate')
        .flush({ job_id: '3', queue: 'default', state: 'waiting' });
      await vi.advanceTimersByTimeAsync(0);
      backend.expectOne(RECENT).flush([]);
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
