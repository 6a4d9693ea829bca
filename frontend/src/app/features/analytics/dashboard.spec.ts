import { Dashboard } from './dashboard';
import { query } from '../../../testing/dom';
import { growthDay } from '../../../testing/fixtures';
import { renderPage } from '../../../testing/render';

describe('Dashboard', () => {
  it('shows the API’s numbers on the stat cards and the source of the growth chart', async () => {
    const { fixture, element, text, stable, backend } = renderPage(Dashboard);
    backend.expectOne('/api/analytics').flush(
      {
        total_customers: 3,
        total_accounts: 4,
        active_accounts: 3,
        inactive_accounts: 1,
        avg_accounts_per_customer: 4 / 3,
      },
      { headers: { 'X-Served-By': 'follower' } },
    );
    backend.expectOne('/api/analytics/distribution').flush([
      { accounts: 0, customers: 1 },
      { accounts: 2, customers: 2 },
    ]);
    backend.expectOne('/api/analytics/history?days=30').flush([]);
    backend.expectOne('/api/analytics/growth?days=30').flush([growthDay('2026-11-25', 3, 4)]);
    await stable();
    expect(text('stat-total-customers')).toBe('3');
    expect(text('stat-total-accounts')).toBe('4');
    expect(text('stat-active-accounts')).toBe('3');
    expect(text('stat-inactive-accounts')).toBe('1');
    expect(text('stat-avg-accounts')).toBe('1.33');
    expect(text('growth-source')).toBe('counted from creation dates of existing rows');
    expect(element.textContent).toContain('computed on the follower');

    const period = query<HTMLSelectElement>(element, '#growth-days');
    expect(period.value).toBe('30'); // the period shown is the one the chart uses
    period.value = '7';
    period.dispatchEvent(new Event('change'));
    fixture.detectChanges();
    backend.expectOne('/api/analytics/history?days=7').flush([]);
    backend.expectOne('/api/analytics/growth?days=7').flush([]);
    await stable();
    expect(query(element, '#growth-chart-title').textContent.trim()).toBe('Growth, last 7 days');
    backend.verify();
  });
});
