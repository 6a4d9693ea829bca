import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  type OnInit,
  signal,
} from '@angular/core';
import type { Health } from '../../core/api/api';
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
  template: `
    <div class="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-3">
      <h1 class="h3 mb-0">System</h1>
      <button
        type="button"
        class="btn btn-outline-primary btn-sm"
        (click)="loadHealth()"
        [disabled]="loading()"
      >
        Refresh
      </button>
    </div>

    <section aria-labelledby="health-title" class="mb-4">
      <h2 class="h5" id="health-title">
        Health
        @if (overall(); as overall) {
          <span
            class="badge ms-2"
            [class.text-bg-success]="overall === 'ok'"
            [class.text-bg-warning]="overall === 'degraded'"
            [class.text-bg-danger]="overall === 'error' || overall === 'unreachable'"
            data-testid="health-overall"
            >{{ overall }}</span
          >
        }
      </h2>
      @if (error(); as error) {
        <div class="alert alert-danger" role="alert">{{ error }}</div>
      }
      <div class="row row-cols-1 row-cols-md-2 row-cols-xl-3 g-3">
        @for (connection of connections(); track connection.name) {
          <div class="col">
            <div class="card h-100 shadow-sm" [attr.data-testid]="'health-' + connection.name">
              <div class="card-body">
                <h3 class="h6">
                  {{ label(connection.name) }}
                  <code class="small text-body-secondary">{{ connection.name }}</code>
                </h3>
                <p class="mb-1">
                  <span
                    class="badge"
                    [class.text-bg-success]="connection.status === 'up'"
                    [class.text-bg-warning]="connection.status === 'degraded'"
                    [class.text-bg-danger]="connection.status === 'down'"
                    >{{ connection.status }}</span
                  >
                  @if (connection.role) {
                    <span class="ms-2" data-testid="health-role">{{ connection.role }}</span>
                  }
                </p>
                @if (connection.details) {
                  <p class="small text-body-secondary mb-0 text-break">{{ connection.details }}</p>
                }
              </div>
            </div>
          </div>
        } @empty {
          @if (loading()) {
            <div class="col">
              <div appLoadingSpinner></div>
            </div>
          }
        }
      </div>
    </section>

    <section aria-labelledby="links-title">
      <h2 class="h5" id="links-title">Tools</h2>
      <ul class="list-group" style="max-width: 36rem">
        <li class="list-group-item">
          <a href="/swagger" target="_blank" rel="noopener">API documentation (Swagger UI)</a>
        </li>
        <li class="list-group-item">
          <a href="/swagger-json" target="_blank" rel="noopener">OpenAPI document (JSON)</a>
        </li>
        <li class="list-group-item">
          <a href="/metrics" target="_blank" rel="noopener">Prometheus metrics</a>
        </li>
        <li class="list-group-item">
          <a href="/health" target="_blank" rel="noopener">Health check (JSON)</a>
        </li>
      </ul>
    </section>
  `,
})
export class SystemPage implements OnInit {
  private readonly system = inject(SystemService);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly health = signal<Health | null>(null);
  protected readonly overall = computed(() =>
    this.error() && !this.health() ? 'unreachable' : (this.health()?.status ?? null),
  );
  protected readonly connections = computed<Connection[]>(() =>
    Object.entries(this.health()?.details ?? {}).map(([name, indicator]) => {
      const { status, role, mode, responseTime, ...rest } = indicator as Record<string, unknown>;
      const details = [
        mode && mode !== role ? `mode: ${String(mode)}` : '',
        typeof responseTime === 'number' ? `${responseTime} ms` : '',
        ...Object.entries(rest).map(
          ([key, value]) =>
            `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
        ),
      ]
        .filter(Boolean)
        .join(' · ');
      return { name, status: String(status), role: role ? String(role) : '', details };
    }),
  );

  ngOnInit(): void {
    void this.loadHealth();
  }

  protected label(name: string): string {
    return LABELS[name] ?? name;
  }

  /** /health answers 503 with the same body when the primary is down: show it either way. */
  protected async loadHealth(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.health.set(await this.system.health());
    } catch (error) {
      const apiError = ApiError.from(error);
      this.error.set(
        apiError.status === 503
          ? 'The primary database is unreachable.'
          : `Could not read /health: ${apiError.message}`,
      );
      this.health.set(null);
    } finally {
      this.loading.set(false);
    }
  }
}
