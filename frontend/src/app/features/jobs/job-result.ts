import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { AggregateResult } from '../../core/api/api';

interface Figure {
  /** data-testid="result-<key>" */
  key: string;
  label: string;
  value: number;
  /** DecimalPipe's digits. */
  digits: string;
  /** Shown with a warning colour (drift the job had to repair). */
  notable?: boolean;
  title?: string;
}

/**
 * What an aggregation job computed, as labelled numbers ("Customers 50") in a row that wraps to the
 * width it gets (a table cell on a phone included): `<dl appJobResult [result]="job.result"></dl>`.
 */
@Component({
  selector: 'dl[appJobResult]',
  imports: [DecimalPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'job-result d-flex flex-wrap mb-0' },
  template: `
    @for (figure of figures(); track figure.key) {
      <div
        class="d-flex align-items-baseline gap-1"
        [attr.title]="figure.title"
        [attr.data-testid]="'result-' + figure.key"
      >
        <dt class="fw-normal text-body-secondary">{{ figure.label }}</dt>
        <dd class="mb-0 fw-semibold" [class.text-warning-emphasis]="figure.notable">
          {{ figure.value | number: figure.digits }}
        </dd>
      </div>
    }
  `,
  styles: `
    :host {
      gap: 0.125rem 0.875rem;
      font-size: 0.875rem;
    }
    dt {
      font-size: 0.8125rem;
    }
  `,
})
export class JobResult {
  readonly result = input.required<AggregateResult>();

  protected readonly figures = computed<Figure[]>(() => {
    const result = this.result();
    const figures: Figure[] = [
      { key: 'customers', label: 'Customers', value: result.total_customers, digits: '1.0-0' },
      { key: 'accounts', label: 'Accounts', value: result.total_accounts, digits: '1.0-0' },
      { key: 'active', label: 'Active', value: result.active_accounts, digits: '1.0-0' },
      { key: 'inactive', label: 'Inactive', value: result.inactive_accounts, digits: '1.0-0' },
      {
        key: 'avg',
        label: 'Avg accounts per customer',
        value: result.avg_accounts_per_customer,
        digits: '1.2-2',
      },
    ];
    // Absent for jobs that ran before the rollups existed.
    if (result.rollup_drift !== undefined)
      figures.push({
        key: 'drift',
        label: 'Rollup drift',
        value: result.rollup_drift,
        digits: '1.0-0',
        notable: result.rollup_drift > 0,
        title:
          'Differences between the analytics rollups and a count of the rows that this job found and repaired (0 normally)',
      });
    return figures;
  });
}
