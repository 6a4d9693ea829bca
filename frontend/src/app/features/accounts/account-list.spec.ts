import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { Confirmation } from '../../shared/confirm-dialog';
import { AccountList } from './account-list';
import { query } from '../../../testing/dom';
import { account, customer } from '../../../testing/fixtures';
import { settle } from '../../../testing/http';
import { renderPage } from '../../../testing/render';

const OPTIONS = '/api/customers?sort=name&order=asc&limit=500';

function setup(inputs: Record<string, string> = {}) {
  const page = renderPage(AccountList, {
    inputs,
    providers: [{ provide: Confirmation, useValue: { ask: vi.fn().mockResolvedValue(true) } }],
  });
  const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  const rows = () =>
    Array.from(page.element.querySelectorAll('[data-testid="account-row"]'), (row) =>
      Array.from(row.querySelectorAll('td:not(:last-child)'), (cell) => cell.textContent.trim()),
    );
  return { ...page, navigate, rows };
}

describe('AccountList', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('lists the accounts the URL filters for, each with its customer’s name', async () => {
    const { backend, stable, rows, element } = setup({ status: 'inactive', customer_id: '5' });
    backend
      .expectOne('/api/accounts?limit=25&status=inactive&customer_id=5')
      .flush([account(2, 5, 'inactive'), account(1, 900, 'inactive')]);
    backend.expectOne(OPTIONS).flush([customer(5, 'Acme')]);
    await stable();
    expect(rows()).toEqual([
      ['Plan 2', 'Acme', 'inactive', 'Nov 25, 2026'],
      ['Plan 1', '#900', 'inactive', 'Nov 25, 2026'],
    ]);
    // The Created column gives way on narrow screens: earlier here, beside the Customer column.
    const created = query(element, '[data-testid="account-row"] td:nth-child(4)');
    expect([...created.classList].sort()).toEqual(['d-md-table-cell', 'd-none', 'text-nowrap']);
    expect(query<HTMLSelectElement>(element, '#status-filter').value).toBe('inactive');
    expect(query<HTMLSelectElement>(element, '#customer-filter').value).toBe('5');
  });

  it('keeps a customer filter past the first 500 selected, and filters again when it changes', async () => {
    const { backend, stable, element, navigate, text } = setup({ customer_id: '777' });
    backend.expectOne('/api/accounts?limit=25&customer_id=777').flush([]);
    backend.expectOne(OPTIONS).flush([customer(5, 'Acme')]);
    await stable();
    const picker = query<HTMLSelectElement>(element, '#customer-filter');
    expect(picker.selectedOptions[0].textContent.trim()).toBe('Customer #777');
    expect(text('accounts-empty')).toBe('No accounts match these filters.');

    picker.value = '';
    picker.dispatchEvent(new Event('change'));
    await settle();
    backend.expectOne('/api/accounts?limit=25').flush([account(1)]);
    expect(navigate).toHaveBeenCalledWith([], {
      queryParams: { status: null, customer_id: null },
      replaceUrl: true,
    });
  });

  it('deletes an account after confirmation and drops its row', async () => {
    const { backend, stable, rows, element } = setup();
    backend.expectOne('/api/accounts?limit=25').flush([account(1), account(2)]);
    backend.expectOne(OPTIONS).flush([]);
    await stable();
    query<HTMLButtonElement>(element, 'button[aria-label="Delete Plan 1"]').click();
    await settle();
    backend
      .expectOne({ method: 'DELETE', url: '/api/accounts/1' })
      .flush({ message: 'Account deleted successfully' });
    await stable();
    expect(rows().map(([name]) => name)).toEqual(['Plan 2']);
  });
});
