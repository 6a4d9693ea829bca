import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { ApiError } from '../../core/http/api-error';
import { LoadingSpinner } from '../../shared/loading-spinner';
import { SystemService } from './system.service';

interface Connection {
  name: string;
  status: string;
  role: string;
  details: string;
}

const LABELS: Record<string, string> = {
  database: 'Primary database',
  analytics_db: 'Analytics database',
  redis: 'Redis',
};

@Component({
  selector: 'app-system-page',
  imports: [LoadingSpinner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './system-page.html',
})
export class SystemPage {
  private readonly report = inject(SystemService).healthResource();
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
      const { status, role, mode, responseTime, ...rest } = indicator as Record<string, unknown>;
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
      };
    }),
  );

  protected label(name: string): string {
    return LABELS[name] ?? name;
  }

  protected loadHealth(): void {
    this.report.reload();
  }
}
