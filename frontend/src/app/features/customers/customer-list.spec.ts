import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Confirmation } from '../../shared/confirm-dialog';
import { CustomerList } from './customer-list';
import { query } from '../../../testing/dom';
import { configureApiTesting } from '../../../testing/http';

const settle = () => new Promise((resolve) => setTimeout(resolve));
const customer = (id: number, name: string) => ({
  id,
  name,
  email: `${name.toLowerCase()}@x.example`,
  created_at: '2026-11-25T10:00:00Z',
  updated_at: '2026-11-25T10:00:00Z',
});

function setup(confirm = true) {
  configureApiTesting({
    imports: [CustomerList],
    providers: [{ provide: Confirmation, useValue: { ask: vi.fn().mockResolvedValue(confirm) } }],
  });
  const fixture = TestBed.createComponent(CustomerList);
  fixture.detectChanges();
  const backend = TestBed.inject(HttpTestingController);
  const element = fixture.nativeElement as HTMLElement;
  const rows = () =>
    Array.from(element.querySelectorAll('[data-testid="customer-row"] td:first-child')).map(
      (cell) => cell.textContent.trim(),
    );
  const stable = async () => {
    await settle();
    await fixture.whenStable();
  };
  return { fixture, backend, element, rows, stable };
}

describe('CustomerList', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('loads newest first, then the next page from the Link header with "Load more"', async () => {
    const { backend, element, rows, stable } = setup();
    backend
      .expectOne('/api/customers?limit=20&sort=created_at&order=desc')
      .flush([customer(3, 'Cee'), customer(2, 'Bee')], {
        headers: {
          Link: '</api/customers?limit=20&sort=created_at&order=desc&cursor=abc>; rel="next"',
        },
      });
    await stable();
    expect(rows()).toEqual(['Cee', 'Bee']);
    query<HTMLButtonElement>(element, '[data-testid="load-more"]').click();
    backend
      .expectOne('/api/customers?limit=20&sort=created_at&order=desc&cursor=abc')
      .flush([customer(1, 'Ay')]);
    await stable();
    expect(rows()).toEqual(['Cee', 'Bee', 'Ay']);
    expect(element.querySelector('[data-testid="load-more"]')).toBeNull();
  });

  it('sorts by a column (ascending first, then descending) and marks it with aria-sort', async () => {
    const { backend, element, stable } = setup();
    backend.expectOne('/api/customers?limit=20&sort=created_at&order=desc').flush([]);
    await stable();
    query<HTMLButtonElement>(element, '[data-testid="sort-name"]').click();
    backend.expectOne('/api/customers?limit=20&sort=name&order=asc').flush([customer(1, 'Ay')]);
    await stable();
    expect(
      query(element, '[data-testid="sort-name"]').closest('th')?.getAttribute('aria-sort'),
    ).toBe('ascending');
    query<HTMLButtonElement>(element, '[data-testid="sort-name"]').click();
    backend.expectOne('/api/customers?limit=20&sort=name&order=desc').flush([customer(1, 'Ay')]);
    await stable();
    expect(
      query(element, '[data-testid="sort-name"]').closest('th')?.getAttribute('aria-sort'),
    ).toBe('descending');
  });

  it('shows the empty state, and deletes a customer only after confirmation', async () => {
    const { backend, element, rows, stable } = setup(true);
    backend
      .expectOne('/api/customers?limit=20&sort=created_at&order=desc')
      .flush([customer(5, 'Doomed')]);
    await stable();
    query<HTMLButtonElement>(element, 'button[aria-label="Delete Doomed"]').click();
    await settle();
    backend
      .expectOne({ method: 'DELETE', url: '/api/customers/5' })
      .flush({ message: 'Customer deleted successfully' });
    await stable();
    expect(rows()).toEqual([]);
    expect(element.querySelector('[data-testid="customers-empty"]')?.textContent).toContain(
      'No customers yet.',
    );
  });

  it('does not delete when the confirmation is cancelled', async () => {
    const { backend, element, rows, stable } = setup(false);
    backend
      .expectOne('/api/customers?limit=20&sort=created_at&order=desc')
      .flush([customer(5, 'Kept')]);
    await stable();
    query<HTMLButtonElement>(element, 'button[aria-label="Delete Kept"]').click();
    await stable();
    backend.expectNone({ method: 'DELETE' });
    expect(rows()).toEqual(['Kept']);
  });
});
