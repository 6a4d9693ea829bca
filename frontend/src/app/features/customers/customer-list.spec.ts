import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Confirmation } from '../../shared/confirm-dialog';
import { CustomerList } from './customer-list';
import { query } from '../../../testing/dom';
import { customer } from '../../../testing/fixtures';
import { settle } from '../../../testing/http';
import { renderPage } from '../../../testing/render';

const FIRST_PAGE = '/api/customers?limit=20&sort=created_at&order=desc';

function setup(confirm = true) {
  const ask = vi.fn().mockResolvedValue(confirm);
  const page = renderPage(CustomerList, {
    providers: [{ provide: Confirmation, useValue: { ask } }],
  });
  const rows = () =>
    Array.from(
      page.element.querySelectorAll('[data-testid="customer-row"] td:first-child'),
      (cell) => cell.textContent.trim(),
    );
  /** Shows one customer, then asks to delete it. */
  const deleteOnly = async (name: string) => {
    page.backend.expectOne(FIRST_PAGE).flush([customer(5, name)]);
    await page.stable();
    query<HTMLButtonElement>(page.element, `button[aria-label="Delete ${name}"]`).click();
    await settle();
  };
  return { ...page, ask, rows, deleteOnly };
}

describe('CustomerList', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('loads newest first, then the next page from the Link header with "Load more"', async () => {
    const { backend, element, rows, stable } = setup();
    backend.expectOne(FIRST_PAGE).flush([customer(3, 'Cee'), customer(2, 'Bee')], {
      headers: { Link: `<${FIRST_PAGE}&cursor=abc>; rel="next"` },
    });
    await stable();
    expect(rows()).toEqual(['Cee', 'Bee']);
    query<HTMLButtonElement>(element, '[data-testid="load-more"]').click();
    backend.expectOne(`${FIRST_PAGE}&cursor=abc`).flush([customer(1, 'Ay')]);
    await stable();
    expect(rows()).toEqual(['Cee', 'Bee', 'Ay']);
    expect(element.querySelector('[data-testid="load-more"]')).toBeNull();
  });

  it('sorts by a column (ascending first, then descending) and marks it with aria-sort', async () => {
    const { backend, element, stable } = setup();
    const sortByName = async (order: string) => {
      query<HTMLButtonElement>(element, '[data-testid="sort-name"]').click();
      backend.expectOne(`/api/customers?limit=20&sort=name&order=${order}`).flush([]);
      await stable();
      return query(element, '[data-testid="sort-name"]').closest('th')?.getAttribute('aria-sort');
    };
    backend.expectOne(FIRST_PAGE).flush([]);
    await stable();
    expect(await sortByName('asc')).toBe('ascending');
    expect(await sortByName('desc')).toBe('descending');
  });

  it('shows the empty state, and deletes a customer only after confirmation', async () => {
    const { backend, rows, text, stable, ask, deleteOnly } = setup(true);
    await deleteOnly('Doomed');
    expect(ask).toHaveBeenCalledWith(
      'Delete customer',
      'Delete the customer Doomed and all of its accounts? This cannot be undone.',
    );
    backend
      .expectOne({ method: 'DELETE', url: '/api/customers/5' })
      .flush({ message: 'Customer deleted successfully' });
    await stable();
    expect(rows()).toEqual([]);
    expect(text('customers-empty')).toContain('No customers yet.');
  });

  it('does not delete when the confirmation is cancelled', async () => {
    const { backend, rows, deleteOnly } = setup(false);
    await deleteOnly('Kept');
    backend.expectNone({ method: 'DELETE' });
    expect(rows()).toEqual(['Kept']);
  });
});
