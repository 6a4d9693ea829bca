import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { ToastService } from '../../core/toast/toast.service';
import { AccountForm } from './account-form';
import { query } from '../../../testing/dom';
import { account, customer } from '../../../testing/fixtures';
import { failure } from '../../../testing/http';
import { renderPage } from '../../../testing/render';

const OPTIONS = '/api/customers?sort=name&order=asc&limit=500';

function setup(inputs: Record<string, string>) {
  const page = renderPage(AccountForm, { inputs });
  const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
  const picker = () => query<HTMLSelectElement>(page.element, '#customer');
  const toasts = () =>
    TestBed.inject(ToastService)
      .toasts()
      .map((toast) => toast.text);
  return { ...page, navigate, picker, toasts };
}

describe('AccountForm', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('creates an account for the customer the URL names, and opens that customer’s accounts', async () => {
    const { backend, stable, type, submit, picker, navigate, toasts } = setup({ customer_id: '6' });
    backend.expectOne(OPTIONS).flush([customer(5, 'Acme'), customer(6, 'Beta')]);
    await stable();
    expect(picker().value).toBe('6');
    expect(picker().selectedOptions[0].textContent.trim()).toBe('Beta (beta@x.example)');
    type('#name', '  Plan 9 ');
    submit();
    const create = backend.expectOne({ method: 'POST', url: '/api/accounts' });
    expect(create.request.body).toEqual({ customer_id: 6, name: 'Plan 9', status: 'active' });
    create.flush(account(9, 6), { status: 201, statusText: 'Created' });
    await stable();
    expect(toasts()).toEqual(['Account Plan 9 was created.']);
    expect(navigate).toHaveBeenCalledWith('/accounts?customer_id=6');
  });

  it('shows an unknown customer (422) at the customer field, and the customer chosen', async () => {
    const { backend, stable, type, submit, picker, text } = setup({});
    backend.expectOne(OPTIONS).flush([customer(5, 'Acme')]);
    await stable();
    submit();
    await stable();
    expect(text('customer-error')).toBe('Choose a customer.');
    picker().value = '5';
    picker().dispatchEvent(new Event('change'));
    type('#name', 'Plan 1');
    submit();
    const create = backend.expectOne({ method: 'POST', url: '/api/accounts' });
    expect(create.request.body).toEqual({ customer_id: 5, name: 'Plan 1', status: 'active' });
    create.flush(...failure(422, 'Customer not found'));
    await stable();
    expect(text('customer-error')).toBe('Customer not found');
    expect(text('form-error')).toBeUndefined();
  });

  it('edits an account under its customer (also one past the first 500), whose customer stays', async () => {
    const { backend, stable, submit, picker, element, navigate, toasts } = setup({ id: '9' });
    backend.expectOne('/api/accounts/9').flush(account(9, 777));
    backend.expectOne(OPTIONS).flush([customer(5, 'Acme')]);
    await stable();
    expect(query(element, 'h1').textContent.trim()).toBe('Edit account');
    expect(picker().disabled).toBe(true);
    expect(picker().value).toBe('777');
    expect(picker().selectedOptions[0].textContent.trim()).toBe('Customer #777');
    query<HTMLInputElement>(element, '#status-inactive').click();
    submit();
    const update = backend.expectOne({ method: 'PUT', url: '/api/accounts/9' });
    expect(update.request.body).toEqual({ name: 'Plan 9', status: 'inactive' });
    update.flush({ ...account(9, 777), status: 'inactive' });
    await stable();
    expect(toasts()).toEqual(['Account Plan 9 was saved.']);
    expect(navigate).toHaveBeenCalledWith('/accounts?customer_id=777');
  });

  it('says why the customers could not be offered', async () => {
    const { backend, stable, element } = setup({});
    backend.expectOne(OPTIONS).flush(...failure(503, 'Service unavailable'));
    await stable();
    expect(element.textContent).toContain('Could not load customers: Service unavailable');
  });
});
