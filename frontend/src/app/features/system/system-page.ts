import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import type { FollowerStatus } from '../../core/api/api';
import { ApiError } from '../../core/http/api-error';
import { ApiErrorMessage } from '../../shared/api-error-message';
import { LoadingSpinner } from '../../shared/loading-spinner';
import { ROUTE_REASON_ORDER, ROUTE_REASONS } from '../../shared/route-reasons';
import { FollowerStatusBadge } from './follower-status-badge';
import { SystemService } from './system.service';

interface Connection {
  name: string;
  status: string;
  role: string;
  details: string;
  /** analytics_db: each follower's status and lag, as /health reports them. */
  followers: FollowerStatus[];
}

const LABELS: Record<string, string> = {
  database: 'Primary database',
  analytics_db: 'Analytics database',
  redis: 'Redis',
};

@Component({
  selector: 'app-system-page',
  imports: [ApiErrorMessage, DecimalPipe, FollowerStatusBadge, LoadingSpinner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './system-page.html',
})
export class SystemPage {
  private readonly system = inject(SystemService);
  private readonly report = this.system.healthResource();
  /** Read every ROUTING_REFRESH_MS while the page is open. */
  protected readonly routing = this.system.routingResource();
  protected readonly routingStatus = computed(() =>
    this.routing.hasValue() ? this.routing.value() : null,
  );
  protected readonly reasons = ROUTE_REASON_ORDER.map((reason) => ({
    reason,
    explained: ROUTE_REASONS[reason].explained,
  }));
  protected readonly loading = this.report.isLoading;
  /** /health answers 503 when the primary is down. */
  protected readonly error = computed(() => {
    const failure = this.report.error();
    if (!failure) return null;
    const apiError = ApiError.from(failure);
    return apiError.status === 503
      ? 'The primary database is unreachable.'
      : `Could not read /health: ${apiError.message}`;
  });
  protected readonly health = computed(() => (this.report.hasValue() ? this.report.value() : null));
  protected readonly overall = computed(() =>
    this.error() && !this.health() ? 'unreachable' : (this.health()?.status ?? null),
  );
  protected readonly connections = computed<Connection[]>(() =>
    Object.entries(this.health()?.details ?? {}).map(([name, indicator]) => {
      const { status, role, mode, responseTime, followers, ...rest } = indicator as Record<
        string,
        unknown
      >;
      const details = [
        typeof mode === 'string' && mode !== role ? `mode: ${mode}` : '',
        typeof responseTime === 'number' ? `${responseTime} ms` : '',
        ...Object.entries(rest).map(
          ([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
        ),
      ]
        .filter(Boolean)
        .join(' · ');
      return {
        name,
        status: typeof status === 'string' ? status : '',
        role: typeof role === 'string' ? role : '',
        details,
        // /health types its indicators as open objects; analytics_db's followers are /api/system/routing's.
        followers: Array.isArray(followers) ? (followers as FollowerStatus[]) : [],
      };
    }),
  );

  protected label(name: string): string {
    return LABELS[name] ?? name;
  }

  protected loadSystem(): void {
    this.report.reload();
    this.routing.reload();
  }
}
