import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { ToastService } from '../../core/toast/toast.service';
import { CustomerForm } from './customer-form';
import { query } from '../../../testing/dom';
import { customer } from '../../../testing/fixtures';
import { failure } from '../../../testing/http';
import { renderPage } from '../../../testing/render';

describe('CustomerForm', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('checks required fields before calling the API', async () => {
    const { submit, text, stable } = renderPage(CustomerForm);
    submit();
    await stable();
    expect(text('name-error')).toBe('Enter a name.');
    expect(text('email-error')).toBe('Enter an e-mail address.');
  });

  it("shows the server's 400 detail next to the e-mail field", async () => {
    const { type, submit, text, backend, stable, element } = renderPage(CustomerForm);
    type('#name', 'Acme');
    type('#email', 'nope');
    submit();
    backend
      .expectOne({ method: 'POST', url: '/api/customers' })
      .flush(
        ...failure(400, 'email: must be a valid e-mail address', [
          { field: 'email', message: 'must be a valid e-mail address' },
        ]),
      );
    await stable();
    expect(text('email-error')).toBe('E-mail must be a valid e-mail address');
    expect(query(element, '#email').getAttribute('aria-invalid')).toBe('true');
    expect(text('name-error')).toBe('');
    expect(element.querySelector('[data-testid="form-error"]')).toBeNull();
  });

  it('shows a 409 next to the e-mail field, and clears it once the e-mail is edited', async () => {
    const { type, submit, text, backend, stable } = renderPage(CustomerForm);
    type('#name', 'Acme');
    type('#email', 'taken@example.com');
    submit();
    backend
      .expectOne('/api/customers')
      .flush(...failure(409, 'A customer with this email already exists'));
    await stable();
    expect(text('email-error')).toBe('A customer with this email already exists');
    expect(text('form-error')).toBeUndefined();
    type('#email', 'free@example.com');
    await stable();
    expect(text('email-error')).toBe('');
  });

  it('creates the customer and opens its page', async () => {
    const { type, submit, backend, stable } = renderPage(CustomerForm);
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    type('#name', 'Acme');
    type('#email', 'billing@acme.example');
    submit();
    const request = backend.expectOne('/api/customers');
    expect(request.request.body).toEqual({ name: 'Acme', email: 'billing@acme.example' });
    request.flush(customer(7), { status: 201, statusText: 'Created' });
    await stable();
    expect(navigate).toHaveBeenCalledWith('/customers/7');
  });

  it('edits a customer: reads it into the form, then saves it under its id', async () => {
    const { type, submit, backend, stable, element } = renderPage(CustomerForm, {
      inputs: { id: '7' },
    });
    vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    backend.expectOne('/api/customers/7').flush(customer(7, 'Acme'));
    await stable();
    expect(query<HTMLInputElement>(element, '#email').value).toBe('acme@x.example');
    expect(query(element, 'h1').textContent.trim()).toBe('Edit customer');
    type('#name', 'Acme Corp');
    submit();
    const request = backend.expectOne({ method: 'PUT', url: '/api/customers/7' });
    expect(request.request.body).toEqual({ name: 'Acme Corp', email: 'acme@x.example' });
    request.flush(customer(7, 'Acme Corp'));
    await stable();
    expect(
      TestBed.inject(ToastService)
        .toasts()
        .map((toast) => toast.text),
    ).toEqual(['Customer Acme Corp was saved.']);
  });

  it('says so when the customer to edit does not exist', async () => {
    const { backend, stable, element } = renderPage(CustomerForm, { inputs: { id: '7' } });
    backend.expectOne('/api/customers/7').flush(...failure(404, 'Customer not found'));
    await stable();
    expect(query(element, '[role="alert"]').textContent.trim()).toBe(
      'This customer does not exist.',
    );
    expect(element.querySelector('form')).toBeNull();
  });
});
