import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ChartConfiguration } from 'chart.js';
import { provideCharts, withDefaultRegisterables } from 'ng2-charts';
import { ApiError } from '../../core/http/api-error';
import { PageHeader } from '../../shared/page-header';
import { servedByText } from '../../shared/route-reasons';
import { type Stat, stat } from '../../shared/stat-card';
import { StatCards } from '../../shared/stat-cards';
import { counted } from '../../shared/text';
import { AnalyticsService } from './analytics.service';
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
  imports: [ChartBox, PageHeader, RouterLink, StatCards],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Chart.js is registered here, so it loads with the dashboard and not with the first page.
  providers: [provideCharts(withDefaultRegisterables())],
  templateUrl: './dashboard.html',
})
export class Dashboard {
  private readonly analytics = inject(AnalyticsService);

  protected readonly dayOptions = [7, 30, 90, 365];
  protected readonly days = signal(30);
  private readonly served = this.analytics.totalsResource();
  private readonly buckets = this.analytics.distributionResource();
  /** Read again, and the previous read cancelled, whenever the period changes. */
  private readonly growthDays = this.analytics.growthResource(this.days);
  private readonly resources = [this.served, this.buckets, this.growthDays];

  protected readonly totals = computed(() =>
    this.served.hasValue() ? this.served.value().totals : null,
  );
  /** "follower 2", or "leader · <why not a follower>", with the raw X-Routing-Reason. */
  protected readonly servedBy = computed(() => {
    if (!this.served.hasValue()) return null;
    const { servedBy, replica, reason } = this.served.value();
    return servedBy ? { text: servedByText(servedBy, replica, reason), reason } : null;
  });
  protected readonly distribution = computed(() =>
    this.buckets.hasValue() ? this.buckets.value() : null,
  );
  /** Every day of the period, from GET /api/analytics/growth alone. */
  protected readonly growth = computed(() =>
    this.growthDays.hasValue() ? this.growthDays.value() : null,
  );
  protected readonly loading = computed(() => this.resources.some((read) => read.isLoading()));
  /** The first failed read's message (a 401 signs out instead). */
  protected readonly error = computed(() => {
    const failure = this.resources.map((read) => read.error()).find(Boolean);
    const apiError = failure ? ApiError.from(failure) : null;
    return apiError && apiError.status !== 401 ? apiError.message : null;
  });

  protected readonly stats = computed<Stat[]>(() => {
    const totals = this.totals();
    return [
      stat('Customers', 'stat-total-customers', totals?.total_customers),
      stat('Accounts', 'stat-total-accounts', totals?.total_accounts),
      stat('Active accounts', 'stat-active-accounts', totals?.active_accounts),
      stat('Inactive accounts', 'stat-inactive-accounts', totals?.inactive_accounts),
      stat(
        'Accounts per customer',
        'stat-avg-accounts',
        totals?.avg_accounts_per_customer.toFixed(2),
      ),
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
    const days = this.growth();
    if (!days) return null;
    const line = (label: string, color: string, data: number[]) => ({
      label,
      data,
      borderColor: color,
      backgroundColor: color,
      pointRadius: days.length > 31 ? 0 : 2,
      tension: 0.2,
    });
    return {
      labels: days.map((day) => day.day.slice(5)),
      datasets: [
        line(
          'Customers',
          CUSTOMERS,
          days.map((day) => day.total_customers),
        ),
        line(
          'Accounts',
          ACCOUNTS,
          days.map((day) => day.total_accounts),
        ),
        line(
          'Active accounts',
          ACTIVE,
          days.map((day) => day.active_accounts),
        ),
      ],
    };
  });
  protected readonly growthSummary = computed(() => {
    const days = this.growth() ?? [];
    const first = days.at(0);
    const last = days.at(-1);
    if (!first || !last) return '';
    const deleted = (field: 'deleted_customers' | 'deleted_accounts') =>
      days.reduce((sum, day) => sum + day[field], 0);
    return (
      `Line chart from ${first.day} to ${last.day}: customers from ${first.total_customers} to ${last.total_customers}, ` +
      `accounts from ${first.total_accounts} to ${last.total_accounts}, ` +
      `active accounts from ${first.active_accounts} to ${last.active_accounts}; ` +
      `${counted(deleted('deleted_customers'), 'customer')} and ${counted(deleted('deleted_accounts'), 'account')} deleted`
    );
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
    // One tooltip for the three lines of the day under the pointer.
    interaction: { mode: 'index', intersect: false },
  };

  protected showDays(value: string): void {
    this.days.set(Number(value));
  }

  protected loadDashboard(): void {
    for (const read of this.resources) read.reload();
  }
}
