import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { map, type Observable, of, switchMap } from 'rxjs';
import type {
  CustomerAnalytics,
  DistributionBucket,
  GrowthDay,
  HistoryDay,
  OrganizationAnalytics,
} from '../../core/api/api';

export interface GrowthPoint {
  day: string;
  total_customers: number;
  total_accounts: number;
}

export interface Growth {
  /** snapshots: stored daily aggregates (aggregation jobs); created_at: counted from the rows' creation times. */
  source: 'snapshots' | 'created_at';
  points: GrowthPoint[];
}

/**
 * The organization's totals, which server computed them (X-Served-By: follower or leader; which
 * follower: X-Served-By-Replica) and why that one (X-Routing-Reason).
 */
export interface ServedTotals {
  totals: OrganizationAnalytics;
  servedBy: string | null;
  replica: string | null;
  reason: string | null;
}

const growthPoints = (rows: (GrowthDay | HistoryDay)[]): GrowthPoint[] =>
  rows.map(({ day, total_customers, total_accounts }) => ({
    day,
    total_customers,
    total_accounts,
  }));

/**
 * /api/analytics*: the dashboard's and a customer's numbers, computed by the API on the follower.
 * The `…Resource()` methods build `rxResource`s in the caller's injection context: they live as
 * long as the page, and a newer read cancels the one in flight.
 */
@Injectable({ providedIn: 'root' })
export class AnalyticsService {
  private readonly http = inject(HttpClient);

  organization(): Observable<ServedTotals> {
    return this.http.get<OrganizationAnalytics>('/api/analytics', { observe: 'response' }).pipe(
      map((response) => ({
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a 200 from /api/analytics always carries its JSON body
        totals: response.body!,
        servedBy: response.headers.get('X-Served-By'),
        replica: response.headers.get('X-Served-By-Replica'),
        reason: response.headers.get('X-Routing-Reason'),
      })),
    );
  }

  customer(id: number): Observable<CustomerAnalytics> {
    return this.http.get<CustomerAnalytics>(`/api/analytics/customers/${id}`);
  }

  distribution(): Observable<DistributionBucket[]> {
    return this.http.get<DistributionBucket[]>('/api/analytics/distribution');
  }

  /**
   * The stored daily snapshots (GET /api/analytics/history); before the first aggregation job has
   * stored any, totals counted from the rows' creation times (GET /api/analytics/growth).
   */
  growth(days: number): Observable<Growth> {
    return this.http
      .get<HistoryDay[]>('/api/analytics/history', { params: { days } })
      .pipe(
        switchMap((history) =>
          history.length > 0
            ? of<Growth>({ source: 'snapshots', points: growthPoints(history) })
            : this.http
                .get<GrowthDay[]>('/api/analytics/growth', { params: { days } })
                .pipe(
                  map((rows): Growth => ({ source: 'created_at', points: growthPoints(rows) })),
                ),
        ),
      );
  }

  totalsResource() {
    return rxResource({ stream: () => this.organization() });
  }

  distributionResource() {
    return rxResource({ stream: () => this.distribution() });
  }

  /** The growth chart's points, read again whenever `days` changes. */
  growthResource(days: () => number) {
    return rxResource({ params: days, stream: ({ params }) => this.growth(params) });
  }

  /**
   * A customer's totals, read once the id is known; `reload()` reads them again after the page's
   * own write. The API routes analytics reads causally (a follower that has replayed the
   * organization's writes, else the leader), so that one read already counts the write.
   */
  customerTotalsResource(customerId: () => number | undefined) {
    return rxResource({ params: customerId, stream: ({ params }) => this.customer(params) });
  }
}
