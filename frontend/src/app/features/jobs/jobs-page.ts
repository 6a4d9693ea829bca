import { DatePipe, JsonPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  type OnInit,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { Job, JobState } from '../../core/api/api';
import { ApiError } from '../../core/http/api-error';
import { ToastService } from '../../core/toast/toast.service';
import { LoadingSpinner } from '../../shared/loading-spinner';
import { JobsService } from './jobs.service';

const FINISHED: JobState[] = ['completed', 'failed'];
const POLL_MS = 1000;

@Component({
  selector: 'app-jobs-page',
  imports: [DatePipe, JsonPipe, LoadingSpinner, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="h3 mb-3">Jobs</h1>
    @if (jobs.available() === false) {
      <div class="alert alert-secondary" data-testid="jobs-unavailable">
        Background jobs are not available on this server.
      </div>
    } @else if (jobs.available() === null) {
      @if (loadError(); as error) {
        <div class="alert alert-danger" role="alert">
          {{ error }}
          <button type="button" class="btn btn-link p-0 align-baseline" (click)="loadJobs()">
            Try again
          </button>
        </div>
      } @else {
        <div appLoadingSpinner></div>
      }
    } @else {
      <form
        class="card card-body shadow-sm mb-4"
        [formGroup]="form"
        (ngSubmit)="startAggregation()"
        novalidate
        style="max-width: 36rem"
      >
        <h2 class="h5">Aggregate daily analytics</h2>
        <p class="text-body-secondary small">
          Computes and stores the organization's totals for a day (used by the dashboard's growth
          chart).
        </p>
        <div class="row g-2 align-items-end">
          <div class="col-12 col-sm-7">
            <label for="job-date" class="form-label"
              >Day <span class="text-body-secondary">(optional, UTC)</span></label
            >
            <input id="job-date" type="date" class="form-control" formControlName="date" />
          </div>
          <div class="col-12 col-sm-5">
            <button type="submit" class="btn btn-primary w-100" [disabled]="starting()">
              Start aggregation
            </button>
          </div>
        </div>
        @if (watched(); as job) {
          <div class="mt-3" aria-live="polite" data-testid="watched-job">
            Job <code>{{ job.job_id }}</code>:
            <span class="badge" [class]="badgeFor(job.state)">{{ job.state }}</span>
            @if (job.failed_reason) {
              <div class="text-danger small mt-1">{{ job.failed_reason }}</div>
            }
          </div>
        }
      </form>

      <div class="d-flex justify-content-between align-items-center mb-2">
        <h2 class="h5 mb-0">Recent jobs</h2>
        <button type="button" class="btn btn-outline-secondary btn-sm" (click)="loadJobs()">
          Refresh
        </button>
      </div>
      <div class="table-responsive">
        <table class="table align-middle">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Day</th>
              <th scope="col">State</th>
              <th scope="col" class="d-none d-md-table-cell">Attempts</th>
              <th scope="col" class="d-none d-md-table-cell">Created</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            @for (job of list(); track job.job_id) {
              <tr data-testid="job-row">
                <td>
                  <code>{{ job.job_id }}</code>
                </td>
                <td>{{ job.data.date }}</td>
                <td>
                  <span class="badge" [class]="badgeFor(job.state)">{{ job.state }}</span>
                </td>
                <td class="d-none d-md-table-cell">{{ job.attempts }}</td>
                <td class="d-none d-md-table-cell text-nowrap">
                  {{ job.created_at | date: 'short' }}
                </td>
                <td class="small text-break">
                  @if (job.state === 'failed') {
                    <span class="text-danger">{{ job.failed_reason ?? 'failed' }}</span>
                  } @else if (job.result) {
                    <code>{{ job.result | json }}</code>
                  } @else {
                    —
                  }
                </td>
              </tr>
            } @empty {
              <tr>
                <td colspan="6" class="text-center text-body-secondary py-3">No jobs yet.</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
})
export class JobsPage implements OnInit {
  protected readonly jobs = inject(JobsService);
  private readonly toasts = inject(ToastService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly list = signal<Job[]>([]);
  protected readonly watched = signal<Job | null>(null);
  protected readonly starting = signal(false);
  /** Why the list could not be read (other than "no jobs API here"), e.g. a 503 while the queue is down. */
  protected readonly loadError = signal<string | null>(null);
  protected readonly form = new FormGroup({
    date: new FormControl('', {
      nonNullable: true,
      validators: [Validators.pattern(/^(\d{4}-\d{2}-\d{2})?$/)],
    }),
  });
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.destroyRef.onDestroy(() => clearTimeout(this.timer));
  }

  ngOnInit(): void {
    void this.loadJobs();
  }

  protected badgeFor(state: JobState): string {
    return {
      completed: 'text-bg-success',
      failed: 'text-bg-danger',
      active: 'text-bg-primary',
      waiting: 'text-bg-secondary',
      delayed: 'text-bg-warning',
    }[state];
  }

  protected async loadJobs(): Promise<void> {
    this.loadError.set(null);
    try {
      this.list.set(await this.jobs.list(20));
    } catch (error) {
      this.loadError.set(`Could not load jobs: ${ApiError.from(error).message}`);
      this.toasts.apiError('Could not load jobs', error);
    }
  }

  protected async startAggregation(): Promise<void> {
    if (this.form.invalid || this.starting()) return;
    this.starting.set(true);
    try {
      const date = this.form.controls.date.value;
      const started = await this.jobs.startAggregation(date ? { date } : {});
      this.toasts.info(`Aggregation job ${started.job_id} started.`);
      await this.watchJob(started.job_id);
      void this.loadJobs();
    } catch (error) {
      this.toasts.apiError('Could not start the aggregation', error);
    } finally {
      this.starting.set(false);
    }
  }

  /** Polls the job until it completes or fails, refreshing the list when it does. */
  private async watchJob(id: string): Promise<void> {
    clearTimeout(this.timer);
    try {
      const job = await this.jobs.get(id);
      this.watched.set(job);
      if (FINISHED.includes(job.state)) {
        if (job.state === 'failed')
          this.toasts.error(`Job ${job.job_id} failed: ${job.failed_reason ?? 'unknown reason'}`);
        else this.toasts.success(`Job ${job.job_id} completed.`);
        void this.loadJobs();
        return;
      }
      this.timer = setTimeout(() => void this.watchJob(id), POLL_MS);
    } catch (error) {
      this.toasts.apiError('Could not read the job', error);
    }
  }
}
