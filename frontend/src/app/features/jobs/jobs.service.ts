import { HttpClient } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  Job,
  StartAggregationRequest,
  StartAggregationResponse,
} from '../../core/api/api';
import { ApiError } from '../../core/http/api-error';

/** /api/jobs (the background-jobs API; absent on servers built before it, which answer 404). */
@Injectable({ providedIn: 'root' })
export class JobsService {
  private readonly http = inject(HttpClient);
  /** null until checked; false when GET /api/jobs answers 404. */
  readonly available = signal<boolean | null>(null);

  /** Recent jobs, newest first; marks the feature unavailable on a 404. */
  async list(limit = 20): Promise<Job[]> {
    try {
      const jobs = await firstValueFrom(this.http.get<Job[]>('/api/jobs', { params: { limit } }));
      this.available.set(true);
      return jobs;
    } catch (error) {
      if (ApiError.from(error).status === 404) {
        this.available.set(false);
        return [];
      }
      throw error;
    }
  }

  get(id: string): Promise<Job> {
    return firstValueFrom(this.http.get<Job>(`/api/jobs/${encodeURIComponent(id)}`));
  }

  startAggregation(request: StartAggregationRequest): Promise<StartAggregationResponse> {
    return firstValueFrom(this.http.post<StartAggregationResponse>('/api/jobs/aggregate', request));
  }
}
