import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { LAG_RETRY_MS } from '../analytics/analytics.service';
import { CustomerDetail } from './customer-detail';
import { account, customer, customerTotals } from '../../../testing/fixtures';
import { failure, settle } from '../../../testing/http';
import { renderPage } from '../../../testing/render';

const setup = () => renderPage(CustomerDetail, { inputs: { id: '5' } });

describe('CustomerDetail', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('shows the customer, its accounts and totals, and reads the totals again after adding an account until the follower counts it', async () => {
    const { fixture, element, text, type, submit, backend } = setup();
    backend.expectOne('/api/customers/5').flush(customer(5));
    backend.expectOne('/api/customers/5/accounts?limit=50').flush([account(1)]);
    await settle();
    fixture.detectChanges();
    backend.expectOne('/api/analytics/customers/5').flush(customerTotals(1));
    await fixture.whenStable();
    expect(text('customer-name')).toBe('Acme');
    expect(text('customer-total-accounts')).toBe('1');

    vi.useFakeTimers();
    try {
      type('#account-name', 'Plan 2');
      submit();
      const create = backend.expectOne({ method: 'POST', url: '/api/accounts' });
      expect(create.request.body).toEqual({ customer_id: 5, name: 'Plan 2', status: 'active' });
      create.flush(account(2), { status: 201, statusText: 'Created' });
      await vi.advanceTimersByTimeAsync(10);
      // The follower has not replayed the write yet: read again, a little later.
      backend.expectOne('/api/analytics/customers/5').flush(customerTotals(1));
      await vi.advanceTimersByTimeAsync(LAG_RETRY_MS);
      backend.expectOne('/api/analytics/customers/5').flush(customerTotals(2));
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
    const { element, backend, stable } = setup();
    backend.expectOne('/api/customers/5').flush(...failure(404, 'Customer not found'));
    backend
      .expectOne('/api/customers/5/accounts?limit=50')
      .flush(...failure(404, 'Customer not found'));
    await stable();
    expect(element.querySelector('[role="alert"]')?.textContent.trim()).toBe(
      'This customer does not exist.',
    );
    backend.expectNone('/api/analytics/customers/5');
  });
});
