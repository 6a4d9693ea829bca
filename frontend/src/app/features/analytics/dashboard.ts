import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  type OnInit,
  signal,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ChartConfiguration } from 'chart.js';
import { provideCharts, withDefaultRegisterables } from 'ng2-charts';
import type { DistributionBucket, OrganizationAnalytics } from '../../core/api/api';
import { ApiError } from '../../core/http/api-error';
import { ToastService } from '../../core/toast/toast.service';
import { StatCard, type Stat } from '../../shared/stat-card';
import { AnalyticsService, type Growth } from './analytics.service';
import { ChartBox } from './chart-box';

const ACTIVE = '#198754';
const INACTIVE = '#6c757d';
const CUSTOMERS = '#0d6efd';
const ACCOUNTS = '#d63384';
/** Every chart fills its box and draws at once. */
const FIXED_SIZE = { responsive: true, maintainAspectRatio: false, animation: false } as const;
/** A y axis of whole numbers from zero. */
const COUNT_AXIS = { y: { beginAtZero: true, ticks: { precision: 0 } } };

@Component({
  selector: 'app-dashboard',
  imports: [ChartBox, RouterLink, StatCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Chart.js is registered here, so it loads with the dashboard and not with the first page.
  providers: [provideCharts(withDefaultRegisterables())],
  template: `
    <div class="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-3">
      <h1 class="h3 mb-0">Dashboard</h1>
      <div class="d-flex align-items-center gap-2">
        @if (analytics.servedBy(); as servedBy) {
          <span
            class="badge text-bg-light border"
            title="Which database server computed these numbers"
            >computed on the {{ servedBy }}</span
          >
        }
        <button
          type="button"
          class="btn btn-outline-primary btn-sm"
          (click)="loadDashboard()"
          [disabled]="loading()"
        >
          @if (loading()) {
            <span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>
          }
          Refresh
        </button>
      </div>
    </div>

    @if (error(); as error) {
      <div class="alert alert-danger" role="alert">Could not load the dashboard: {{ error }}</div>
    }

    <section aria-label="Totals" class="row row-cols-2 row-cols-md-3 row-cols-xl-5 g-3 mb-4">
      @for (stat of stats(); track stat.testId) {
        <div class="col">
          <app-stat-card [label]="stat.label" [testId]="stat.testId" [value]="stat.value" />
        </div>
      }
    </section>

    @if (totals()?.total_customers === 0) {
      <div class="alert alert-secondary" data-testid="dashboard-empty">
        No customers yet. <a routerLink="/customers/new">Add your first customer</a> to see the
        charts fill up.
      </div>
    }

    <div class="row g-3">
      <section class="col-12 col-lg-4" aria-labelledby="status-chart-title">
        <div class="card h-100 shadow-sm">
          <div class="card-body">
            <h2 class="h6" id="status-chart-title">Active vs inactive accounts</h2>
            <app-chart-box
              type="doughnut"
              [data]="statusChart()"
              [options]="doughnutOptions"
              [summary]="statusSummary()"
            />
          </div>
        </div>
      </section>
      <section class="col-12 col-lg-8" aria-labelledby="distribution-chart-title">
        <div class="card h-100 shadow-sm">
          <div class="card-body">
            <h2 class="h6" id="distribution-chart-title">Customers by number of accounts</h2>
            <app-chart-box
              type="bar"
              [data]="distributionChart()"
              [options]="barOptions"
              [summary]="distributionSummary()"
            />
          </div>
        </div>
      </section>
      <section class="col-12" aria-labelledby="growth-chart-title">
        <div class="card shadow-sm">
          <div class="card-body">
            <div class="d-flex flex-wrap justify-content-between align-items-baseline gap-2">
              <h2 class="h6 mb-0" id="growth-chart-title">Growth, last {{ days() }} days</h2>
              <div class="d-flex align-items-center gap-2">
                @if (growth(); as growth) {
                  <small class="text-body-secondary" data-testid="growth-source">
                    {{
                      growth.source === 'snapshots'
                        ? 'from stored daily snapshots'
                        : 'counted from creation dates of existing rows'
                    }}
                  </small>
                }
                <label for="growth-days" class="visually-hidden">Period</label>
                <select
                  id="growth-days"
                  class="form-select form-select-sm w-auto"
                  (change)="showDays($any($event.target).value)"
                >
                  @for (option of dayOptions; track option) {
                    <!-- [selected] per option: a [value] on the select is set before @for adds the options. -->
                    <option [value]="'' + option" [selected]="option === days()">{{ option }} days</option>
                  }
                </select>
              </div>
            </div>
            <app-chart-box
              type="line"
              [data]="growthChart()"
              [options]="lineOptions"
              [summary]="growthSummary()"
              wide
            />
          </div>
        </div>
      </section>
    </div>
  `,
})
export class Dashboard implements OnInit {
  protected readonly analytics = inject(AnalyticsService);
  private readonly toasts = inject(ToastService);

  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly totals = signal<OrganizationAnalytics | null>(null);
  protected readonly distribution = signal<DistributionBucket[] | null>(null);
  protected readonly growth = signal<Growth | null>(null);
  protected readonly dayOptions = [7, 30, 90, 365];
  protected readonly days = signal(30);

  protected readonly stats = computed<Stat[]>(() => {
    const totals = this.totals();
    return [
      {
        label: 'Customers',
        testId: 'stat-total-customers',
        value: totals?.total_customers ?? null,
      },
      { label: 'Accounts', testId: 'stat-total-accounts', value: totals?.total_accounts ?? null },
      {
        label: 'Active accounts',
        testId: 'stat-active-accounts',
        value: totals?.active_accounts ?? null,
      },
      {
        label: 'Inactive accounts',
        testId: 'stat-inactive-accounts',
        value: totals?.inactive_accounts ?? null,
      },
      {
        label: 'Accounts per customer',
        testId: 'stat-avg-accounts',
        value: totals ? totals.avg_accounts_per_customer.toFixed(2) : null,
      },
    ];
  });

  protected readonly statusChart = computed<ChartConfiguration<'doughnut'>['data'] | null>(() => {
    const totals = this.totals();
    if (!totals) return null;
    return {
      labels: ['Active', 'Inactive'],
      datasets: [
        {
          data: [totals.active_accounts, totals.inactive_accounts],
          backgroundColor: [ACTIVE, INACTIVE],
        },
      ],
    };
  });
  protected readonly statusSummary = computed(() => {
    const totals = this.totals();
    return totals
      ? `Doughnut chart: ${totals.active_accounts} active and ${totals.inactive_accounts} inactive accounts`
      : '';
  });

  protected readonly distributionChart = computed<ChartConfiguration<'bar'>['data'] | null>(() => {
    const buckets = this.distribution();
    if (!buckets) return null;
    return {
      labels: buckets.map(
        (bucket) => `${bucket.accounts} account${bucket.accounts === 1 ? '' : 's'}`,
      ),
      datasets: [
        {
          label: 'Customers',
          data: buckets.map((bucket) => bucket.customers),
          backgroundColor: CUSTOMERS,
        },
      ],
    };
  });
  protected readonly distributionSummary = computed(
    () =>
      'Bar chart: ' +
      (this.distribution() ?? [])
        .map((bucket) => `${bucket.customers} customers with ${bucket.accounts} accounts`)
        .join(', '),
  );

  protected readonly growthChart = computed<ChartConfiguration<'line'>['data'] | null>(() => {
    const growth = this.growth();
    if (!growth) return null;
    return {
      labels: growth.points.map((point) => point.day.slice(5)),
      datasets: [
        {
          label: 'Customers',
          data: growth.points.map((point) => point.total_customers),
          borderColor: CUSTOMERS,
          backgroundColor: CUSTOMERS,
          tension: 0.2,
        },
        {
          label: 'Accounts',
          data: growth.points.map((point) => point.total_accounts),
          borderColor: ACCOUNTS,
          backgroundColor: ACCOUNTS,
          tension: 0.2,
        },
      ],
    };
  });
  protected readonly growthSummary = computed(() => {
    const points = this.growth()?.points ?? [];
    const first = points[0];
    const last = points[points.length - 1];
    return first && last
      ? `Line chart: customers from ${first.total_customers} to ${last.total_customers} and accounts from ${first.total_accounts} to ${last.total_accounts} between ${first.day} and ${last.day}`
      : '';
  });

  protected readonly doughnutOptions: ChartConfiguration<'doughnut'>['options'] = { ...FIXED_SIZE };
  protected readonly barOptions: ChartConfiguration<'bar'>['options'] = {
    ...FIXED_SIZE,
    plugins: { legend: { display: false } },
    scales: COUNT_AXIS,
  };
  protected readonly lineOptions: ChartConfiguration<'line'>['options'] = {
    ...FIXED_SIZE,
    scales: COUNT_AXIS,
  };

  ngOnInit(): void {
    void this.loadDashboard();
  }

  protected async showDays(value: string): Promise<void> {
    this.days.set(Number(value));
    try {
      this.growth.set(await this.analytics.growth(this.days()));
    } catch (error) {
      this.toasts.apiError('Growth chart', error);
    }
  }

  protected async loadDashboard(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const [totals, distribution, growth] = await Promise.all([
        this.analytics.organization(),
        this.analytics.distribution(),
        this.analytics.growth(this.days()),
      ]);
      this.totals.set(totals);
      this.distribution.set(distribution);
      this.growth.set(growth);
    } catch (error) {
      const apiError = ApiError.from(error);
      if (apiError.status !== 401) {
        this.error.set(apiError.message);
        this.toasts.error(`Dashboard: ${apiError.message}`);
      }
    } finally {
      this.loading.set(false);
    }
  }
}
