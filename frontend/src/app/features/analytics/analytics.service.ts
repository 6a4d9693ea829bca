import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  CustomerAnalytics,
  DistributionBucket,
  GrowthDay,
  OrganizationAnalytics,
} from '../../core/api/api';
import type { HistoryDay } from '../../core/api/api';
import { ApiError } from '../../core/http/api-error';

export interface GrowthPoint {
  day: string;
  total_customers: number;
  total_accounts: number;
}

export interface Growth {
  /** snapshots: stored daily aggregates (jobs API); created_at: counted from the rows' creation times. */
  source: 'snapshots' | 'created_at';
  points: GrowthPoint[];
}

/** /api/analytics*: the dashboard's numbers, computed by the API on the follower. */
@Injectable({ providedIn: 'root' })
export class AnalyticsService {
  private readonly http = inject(HttpClient);
  /** Which server computed the last organization totals (X-Served-By). */
  readonly servedBy = signal<string | null>(null);

  async organization(): Promise<OrganizationAnalytics> {
    const response = await firstValueFrom(
      this.http.get<OrganizationAnalytics>('/api/analytics', { observe: 'response' }),
    );
    this.servedBy.set(response.headers.get('X-Served-By'));
    return response.body as OrganizationAnalytics;
  }

  customer(id: number): Promise<CustomerAnalytics> {
    return firstValueFrom(this.http.get<CustomerAnalytics>(`/api/analytics/customers/${id}`));
  }

  distribution(): Promise<DistributionBucket[]> {
    return firstValueFrom(this.http.get<DistributionBucket[]>('/api/analytics/distribution'));
  }

  /**
   * Stored snapshots when the jobs API has computed some (GET /api/analytics/history answers 200
   * with rows), else totals counted from created_at (GET /api/analytics/growth).
   */
  async growth(days = 30): Promise<Growth> {
    try {
      const history = await firstValueFrom(
        this.http.get<HistoryDay[]>('/api/analytics/history', { params: { days } }),
      );
      if (Array.isArray(history) && history.length > 0) {
        return {
          source: 'snapshots',
          points: history.map(({ day, total_customers, total_accounts }) => ({
            day,
            total_customers,
            total_accounts,
          })),
        };
      }
    } catch (error) {
      // 404 (no jobs API on this server) or 400: fall back. 401 and outages are real errors.
      const status =
        error instanceof ApiError
          ? error.status
          : error instanceof HttpErrorResponse
            ? error.status
            : 0;
      if (status !== 404 && status !== 400) throw error;
    }
    const growth = await firstValueFrom(
      this.http.get<GrowthDay[]>('/api/analytics/growth', { params: { days } }),
    );
    return {
      source: 'created_at',
      points: growth.map(({ day, total_customers, total_accounts }) => ({
        day,
        total_customers,
        total_accounts,
      })),
    };
  }
}
