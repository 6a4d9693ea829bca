import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom, type Observable, switchMap, takeWhile, tap, timer } from 'rxjs';
import type {
  Job,
  JobState,
  StartAggregationRequest,
  StartAggregationResponse,
} from '../../core/api/api';

/** Recent jobs shown on the jobs page. */
export const RECENT_JOBS_LIMIT = 20;
/** How often a watched job's state is read. */
export const POLL_MS = 1000;
/** States a job does not leave. */
export const FINAL_STATES: readonly JobState[] = ['completed', 'failed'];

/**
 * /api/jobs: the background jobs the API runs (it always ships with them). Reads build
 * `rxResource`s in the caller's injection context, so they stop with the page; starting a job is a
 * command and returns a Promise.
 */
@Injectable({ providedIn: 'root' })
export class JobsService {
  private readonly http = inject(HttpClient);

  list(limit: number): Observable<Job[]> {
    return this.http.get<Job[]>('/api/jobs', { params: { limit } });
  }

  get(id: string): Observable<Job> {
    return this.http.get<Job>(`/api/jobs/${encodeURIComponent(id)}`);
  }

  /**
   * A job's state now and every POLL_MS until it completes or fails (the final state included,
   * then it completes). Unsubscribing stops the timer and aborts the request in flight; switchMap
   * keeps one request at a time.
   */
  poll(id: string): Observable<Job> {
    return timer(0, POLL_MS).pipe(
      switchMap(() => this.get(id)),
      takeWhile((job) => !FINAL_STATES.includes(job.state), true),
    );
  }

  startAggregation(request: StartAggregationRequest): Promise<StartAggregationResponse> {
    return firstValueFrom(this.http.post<StartAggregationResponse>('/api/jobs/aggregate', request));
  }

  /** The most recent jobs, newest first; `reload()` reads them again. */
  recentResource(limit = RECENT_JOBS_LIMIT) {
    return rxResource({ stream: () => this.list(limit) });
  }

  /**
   * The job with id `id()`, polled until it is final, when `finished` is called with it; watching
   * another id, or the caller's destruction, stops the previous poll.
   */
  watchedResource(id: () => string | undefined, finished: (job: Job) => void) {
    return rxResource({
      params: id,
      stream: ({ params }) =>
        this.poll(params).pipe(
          tap((job) => {
            if (FINAL_STATES.includes(job.state)) finished(job);
          }),
        ),
    });
  }
}
