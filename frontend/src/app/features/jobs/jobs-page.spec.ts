import { TestBed } from '@angular/core/testing';
import { ToastService } from '../../core/toast/toast.service';
import { JobsPage } from './jobs-page';
import { query } from '../../../testing/dom';
import { aggregateResult, job } from '../../../testing/fixtures';
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

  it('shows each result as labelled numbers, its dates as the other pages do, and a failure in words', async () => {
    const { backend, element, text, stable } = renderPage(JobsPage);
    backend
      .expectOne(RECENT)
      .flush([
        job('3', 'completed', null, aggregateResult(2)),
        job('2', 'completed', null, aggregateResult()),
        job('1', 'failed', 'database unreachable'),
      ]);
    await stable();
    const rows = element.querySelectorAll('[data-testid="job-row"]');
    const figures = (row: Element) =>
      Array.from(row.querySelectorAll('dl > div'), (figure) => [
        figure.querySelector('dt')?.textContent.trim(),
        figure.querySelector('dd')?.textContent.trim(),
      ]);
    expect(figures(rows[0])).toEqual([
      ['Customers', '1,250'],
      ['Accounts', '3,100'],
      ['Active', '2,900'],
      ['Inactive', '200'],
      ['Avg accounts per customer', '2.48'],
      ['Rollup drift', '2'],
    ]);
    // Drift the job repaired stands out; none is the normal case.
    expect(
      query(rows[0], '[data-testid="result-drift"] dd').classList.contains('text-warning-emphasis'),
    ).toBe(true);
    // A job from before the rollups has no drift to show.
    expect(figures(rows[1]).map(([label]) => label)).not.toContain('Rollup drift');
    expect(element.textContent).not.toContain('total_customers'); // no raw JSON
    expect(rows[2].querySelector('dl')).toBeNull();
    expect(query(rows[2], '[data-testid="job-failure"]').textContent.trim()).toBe(
      'database unreachable',
    );
    // The customers and accounts pages' date format (DatePipe 'mediumDate'), the time after it.
    expect(text('job-day')).toBe('Nov 24, 2026');
    expect(text('job-created')).toMatch(/^Nov 25, 2026\s+\d{1,2}:\d{2}\s[AP]M$/);
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
      backend.expectOne('/api/jobs/2').flush(job('2', 'completed', null, aggregateResult(0)));
      await vi.advanceTimersByTimeAsync(0);
      backend.expectOne(RECENT).flush([job('2', 'completed')]);
      await vi.advanceTimersByTimeAsync(5000);
      backend.expectNone('/api/jobs/2'); // the poll stopped at the final state
    } finally {
      vi.useRealTimers();
    }
    await stable();
    expect(text('watched-job')).toContain('completed');
    // The finished job's numbers, labelled, where the user started it.
    expect(text('result-customers')).toBe('Customers 1,250');
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
