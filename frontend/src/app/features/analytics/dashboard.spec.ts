import { By } from '@angular/platform-browser';
import type { ChartType } from 'chart.js';
import { ChartBox } from './chart-box';
import { Dashboard } from './dashboard';
import { query } from '../../../testing/dom';
import { growthDay } from '../../../testing/fixtures';
import { renderPage } from '../../../testing/render';

const TOTALS = {
  total_customers: 3,
  total_accounts: 4,
  active_accounts: 3,
  inactive_accounts: 1,
  avg_accounts_per_customer: 4 / 3,
};

/** What the dashboard's growth chart (the line chart) was given to draw. */
function growthChartOf(fixture: ReturnType<typeof renderPage<Dashboard>>['fixture']) {
  const box = fixture.debugElement
    .queryAll(By.directive(ChartBox))
    .map((found) => found.componentInstance as ChartBox<ChartType>)
    .find((chart) => chart.type() === 'line') as ChartBox<'line'> | undefined;
  if (!box) throw new Error('no line chart');
  return { data: box.data(), summary: box.summary() };
}

describe('Dashboard', () => {
  it('shows the API’s numbers on the stat cards, and the growth of every day of the period', async () => {
    const { fixture, element, text, stable, backend } = renderPage(Dashboard);
    backend.expectOne('/api/analytics').flush(TOTALS, {
      headers: {
        'X-Served-By': 'follower',
        'X-Served-By-Replica': '2',
        'X-Routing-Reason': 'fresh',
      },
    });
    backend.expectOne('/api/analytics/distribution').flush([
      { accounts: 0, customers: 1 },
      { accounts: 2, customers: 2 },
    ]);
    backend.expectOne('/api/analytics/growth?days=30').flush([
      growthDay('2026-11-23', { total_customers: 1, total_accounts: 2, active_accounts: 2 }),
      growthDay('2026-11-24', {
        total_customers: 4,
        total_accounts: 5,
        active_accounts: 4,
        new_customers: 3,
        new_accounts: 3,
      }),
      growthDay('2026-11-25', {
        total_customers: 3,
        total_accounts: 4,
        active_accounts: 3,
        deleted_customers: 1,
        deleted_accounts: 1,
      }),
    ]);
    // One source for the whole range: the stored history is never asked for.
    backend.expectNone((request) => request.url.startsWith('/api/analytics/history'));
    await stable();
    expect(text('stat-total-customers')).toBe('3');
    expect(text('stat-total-accounts')).toBe('4');
    expect(text('stat-active-accounts')).toBe('3');
    expect(text('stat-inactive-accounts')).toBe('1');
    expect(text('stat-avg-accounts')).toBe('1.33');
    expect(text('served-by')).toBe('computed on follower 2');
    expect(query(element, '[data-testid="served-by"]').dataset['reason']).toBe('fresh');

    // Every day drawn, three lines, no label about where the numbers came from.
    const { data, summary } = growthChartOf(fixture);
    expect(data?.labels).toEqual(['11-23', '11-24', '11-25']);
    expect(data?.datasets.map((line) => [line.label, line.data])).toEqual([
      ['Customers', [1, 4, 3]],
      ['Accounts', [2, 5, 4]],
      ['Active accounts', [2, 4, 3]],
    ]);
    expect(summary).toBe(
      'Line chart from 2026-11-23 to 2026-11-25: customers from 1 to 3, accounts from 2 to 4, ' +
        'active accounts from 2 to 3; 1 customer and 1 account deleted',
    );
    expect(element.querySelector('[data-testid="growth-source"]')).toBeNull();
    expect(element.textContent).not.toContain('snapshots');

    const period = query<HTMLSelectElement>(element, '#growth-days');
    expect(period.value).toBe('30'); // the period shown is the one the chart uses
    period.value = '7';
    period.dispatchEvent(new Event('change'));
    fixture.detectChanges();
    backend.expectOne('/api/analytics/growth?days=7').flush([growthDay('2026-11-25')]);
    await stable();
    expect(query(element, '#growth-chart-title').textContent.trim()).toBe('Growth, last 7 days');
    expect(growthChartOf(fixture).data?.labels).toEqual(['11-25']);
    backend.verify();
  });

  it('says why the leader answered, with the raw reason for tests and tooltips', async () => {
    const { element, text, stable, backend } = renderPage(Dashboard);
    backend.expectOne('/api/analytics').flush(
      {
        total_customers: 0,
        total_accounts: 0,
        active_accounts: 0,
        inactive_accounts: 0,
        avg_accounts_per_customer: 0,
      },
      { headers: { 'X-Served-By': 'leader', 'X-Routing-Reason': 'stale-for-tenant' } },
    );
    backend.expectOne('/api/analytics/distribution').flush([]);
    backend.expectOne('/api/analytics/growth?days=30').flush([]);
    await stable();
    expect(text('served-by')).toBe(
      'computed on leader · your latest change is not on a follower yet',
    );
    const badge = query(element, '[data-testid="served-by"]');
    expect(badge.dataset['reason']).toBe('stale-for-tenant');
    expect(badge.title).toContain('X-Routing-Reason: stale-for-tenant');
    backend.verify();
  });
});
