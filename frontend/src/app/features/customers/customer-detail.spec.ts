import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { LAG_RETRY_MS } from '../analytics/analytics.service';
import { CustomerDetail } from './customer-detail';
import { query } from '../../../testing/dom';
import { configureApiTesting } from '../../../testing/http';

const settle = () => new Promise((resolve) => setTimeout(resolve));
const customer = {
  id: 5,
  name: 'Acme',
  email: 'acme@x.example',
  created_at: '2026-11-25T10:00:00Z',
  updated_at: '2026-11-25T10:00:00Z',
};
const account = (id: number) => ({
  id,
  customer_id: 5,
  name: `Plan ${id}`,
  status: 'active',
  created_at: '2026-11-25T10:00:00Z',
  updated_at: '2026-11-25T10:00:00Z',
});
const totals = (total_accounts: number) => ({
  customer_id: 5,
  total_accounts,
  active_accounts: total_accounts,
  inactive_accounts: 0,
});

function setup() {
  configureApiTesting({ imports: [CustomerDetail] });
  const fixture = TestBed.createComponent(CustomerDetail);
  fixture.componentRef.setInput('id', '5');
  fixture.detectChanges();
  const element = fixture.nativeElement as HTMLElement;
  const text = (testId: string) =>
    element.querySelector(`[data-testid="${testId}"]`)?.textContent.trim();
  return { fixture, element, text, backend: TestBed.inject(HttpTestingController) };
}

describe('CustomerDetail', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('shows the customer, its accounts and totals, and reads the totals again after adding an account until the follower counts it', async () => {
    const { fixture, element, text, backend } = setup();
    backend.expectOne('/api/customers/5').flush(customer);
    backend.expectOne('/api/customers/5/accounts?limit=50').flush([account(1)]);
    await settle();
    fixture.detectChanges();
    backend.expectOne('/api/analytics/customers/5').flush(totals(1));
    await fixture.whenStable();
    expect(text('customer-name')).toBe('Acme');
    expect(text('customer-total-accounts')).toBe('1');

    vi.useFakeTimers();
    try {
      const name = query<HTMLInputElement>(element, '#account-name');
      name.value = 'Plan 2';
      name.dispatchEvent(new Event('input'));
      query<HTMLFormElement>(element, 'form').dispatchEvent(new Event('submit'));
      backend
        .expectOne({ method: 'POST', url: '/api/accounts' })
        .flush(account(2), { status: 201, statusText: 'Created' });
      await vi.advanceTimersByTimeAsync(10);
      // The follower has not replayed the write yet: read again, a little later.
      backend.expectOne('/api/analytics/customers/5').flush(totals(1));
      await vi.advanceTimersByTimeAsync(LAG_RETRY_MS);
      backend.expectOne('/api/analytics/customers/5').flush(totals(2));
      await vi.advanceTimersByTimeAsync(LAG_RETRY_MS * 20);
      backend.expectNone('/api/analytics/customers/5');
    } finally {
      vi.useRealTimers();
    }
    await fixture.whenStable();
    expect(element.querySelectorAll('[data-testid="account-row"]').length).toBe(2);
    expect(text('customer-total-accounts')).toBe('2');
  });

  it('says so when the customer does not exist (or belongs to another organization)', async () => {
    const { fixture, element, backend } = setup();
    backend
      .expectOne('/api/customers/5')
      .flush(
        { error: 'Customer not found', status_code: 404 },
        { status: 404, statusText: 'Not Found' },
      );
    backend
      .expectOne('/api/customers/5/accounts?limit=50')
      .flush(
        { error: 'Customer not found', status_code: 404 },
        { status: 404, statusText: 'Not Found' },
      );
    await settle();
    fixture.detectChanges();
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent.trim()).toBe(
      'This customer does not exist.',
    );
    backend.expectNone('/api/analytics/customers/5');
  });
});
