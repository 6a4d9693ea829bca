import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Job } from '../../core/api/api';
import { JobsService, POLL_MS } from './jobs.service';
import { configureApiTesting, useFakeTimers } from '../../../testing/http';
import { record } from '../../../testing/rx';

const job = (state: string) => ({ job_id: '7', state }) as Job;

function setup() {
  configureApiTesting();
  return { jobs: TestBed.inject(JobsService), backend: TestBed.inject(HttpTestingController) };
}

describe('JobsService.poll', () => {
  useFakeTimers();

  it('reads the job every POLL_MS until it is final, emitting each state, then completes', async () => {
    const { jobs, backend } = setup();
    const polled = record(jobs.poll('7'));
    await vi.advanceTimersByTimeAsync(0);
    backend.expectOne('/api/jobs/7').flush(job('waiting'));
    await vi.advanceTimersByTimeAsync(POLL_MS);
    backend.expectOne('/api/jobs/7').flush(job('active'));
    await vi.advanceTimersByTimeAsync(POLL_MS);
    backend.expectOne('/api/jobs/7').flush(job('failed'));
    await vi.advanceTimersByTimeAsync(POLL_MS * 5);
    backend.expectNone('/api/jobs/7');
    expect(polled.values.map((read) => read.state)).toEqual(['waiting', 'active', 'failed']);
    expect(polled.completed()).toBe(true);
  });

  it('stops, and aborts the request in flight, when unsubscribed', async () => {
    const { jobs, backend } = setup();
    const { subscription } = record(jobs.poll('7'));
    await vi.advanceTimersByTimeAsync(0);
    const request = backend.expectOne('/api/jobs/7');
    subscription.unsubscribe();
    expect(request.cancelled).toBe(true);
    await vi.advanceTimersByTimeAsync(POLL_MS * 5);
    backend.expectNone('/api/jobs/7');
  });
});
