import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { Job, JobState } from '../../core/api/api';
import { ToastService } from '../../core/toast/toast.service';
import { ApiErrorMessage } from '../../shared/api-error-message';
import { LoadError } from '../../shared/load-error';
import { LoadingSpinner } from '../../shared/loading-spinner';
import { PageHeader } from '../../shared/page-header';
import { SubmitButton } from '../../shared/submit-button';
import { JobResult } from './job-result';
import { JobsService } from './jobs.service';

const BADGES: Record<JobState, string> = {
  completed: 'text-bg-success',
  failed: 'text-bg-danger',
  active: 'text-bg-primary',
  waiting: 'text-bg-secondary',
  delayed: 'text-bg-warning',
};

@Component({
  selector: 'app-jobs-page',
  imports: [
    ApiErrorMessage,
    DatePipe,
    JobResult,
    LoadError,
    LoadingSpinner,
    PageHeader,
    ReactiveFormsModule,
    SubmitButton,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './jobs-page.html',
})
export class JobsPage {
  private readonly jobs = inject(JobsService);
  private readonly toasts = inject(ToastService);

  protected readonly recent = this.jobs.recentResource();
  /** The job started from this page, polled by the service until it completes or fails. */
  private readonly watchedId = signal<string | undefined>(undefined);
  protected readonly watched = this.jobs.watchedResource(this.watchedId, (job) => {
    this.announceResult(job);
  });
  protected readonly starting = signal(false);
  protected readonly form = new FormGroup({
    date: new FormControl('', {
      nonNullable: true,
      validators: [Validators.pattern(/^(\d{4}-\d{2}-\d{2})?$/)],
    }),
  });

  protected badgeFor(state: JobState): string {
    return BADGES[state];
  }

  protected reloadJobs(): void {
    this.recent.reload();
  }

  protected async startAggregation(): Promise<void> {
    if (this.form.invalid || this.starting()) return;
    this.starting.set(true);
    try {
      const date = this.form.controls.date.value;
      const started = await this.jobs.startAggregation(date ? { date } : {});
      this.toasts.info(`Aggregation job ${started.job_id} started.`);
      this.watchedId.set(started.job_id);
      this.recent.reload();
    } catch (error) {
      this.toasts.apiError('Could not start the aggregation', error);
    } finally {
      this.starting.set(false);
    }
  }

  private announceResult(job: Job): void {
    if (job.state === 'failed')
      this.toasts.error(`Job ${job.job_id} failed: ${job.failed_reason ?? 'unknown reason'}`);
    else this.toasts.success(`Job ${job.job_id} completed.`);
    this.recent.reload();
  }
}
