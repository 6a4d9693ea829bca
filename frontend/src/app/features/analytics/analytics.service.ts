import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { map, type Observable } from 'rxjs';
import type {
  CustomerAnalytics,
  DistributionBucket,
  GrowthDay,
  OrganizationAnalytics,
} from '../../core/api/api';

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
   * One row per UTC day of the last `days` days, oldest first (GET /api/analytics/growth): what was
   * created and deleted that day, and the totals at its end. The whole range comes from this one
   * source, the true per-day history the API keeps, whether or not aggregation jobs ran.
   */
  growth(days: number): Observable<GrowthDay[]> {
    return this.http.get<GrowthDay[]>('/api/analytics/growth', { params: { days } });
  }

  totalsResource() {
    return rxResource({ stream: () => this.organization() });
  }

  distributionResource() {
    return rxResource({ stream: () => this.distribution() });
  }

  /** The growth chart's days, read again whenever `days` changes. */
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
