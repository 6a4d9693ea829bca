import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { CustomerForm } from './customer-form';
import { query } from '../../../testing/dom';
import { configureApiTesting } from '../../../testing/http';

async function setup() {
  configureApiTesting({ imports: [CustomerForm] });
  const fixture = TestBed.createComponent(CustomerForm);
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  const type = (selector: string, value: string) => {
    const input = query<HTMLInputElement>(element, selector);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const submit = async () => {
    query<HTMLFormElement>(element, 'form').dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  };
  const text = (selector: string) => element.querySelector(selector)?.textContent.trim() ?? '';
  return {
    fixture,
    element,
    type,
    submit,
    text,
    backend: TestBed.inject(HttpTestingController),
    router: TestBed.inject(Router),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve));

describe('CustomerForm', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('checks required fields before calling the API', async () => {
    const { submit, text, fixture } = await setup();
    await submit();
    fixture.detectChanges();
    expect(text('[data-testid="name-error"]')).toBe('Enter a name.');
    expect(text('[data-testid="email-error"]')).toBe('Enter an e-mail address.');
  });

  it("shows the server's 400 detail next to the e-mail field", async () => {
    const { type, submit, text, backend, fixture, element } = await setup();
    type('#name', 'Acme');
    type('#email', 'nope');
    await submit();
    backend.expectOne({ method: 'POST', url: '/api/customers' }).flush(
      {
        error: 'email: must be a valid e-mail address',
        status_code: 400,
        details: [{ field: 'email', message: 'must be a valid e-mail address' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    await fixture.whenStable();
    expect(text('[data-testid="email-error"]')).toBe('E-mail must be a valid e-mail address');
    expect(query(element, '#email').getAttribute('aria-invalid')).toBe('true');
    expect(text('[data-testid="name-error"]')).toBe('');
  });

  it('shows a 409 next to the e-mail field, and clears it once the e-mail is edited', async () => {
    const { type, submit, text, backend, fixture } = await setup();
    type('#name', 'Acme');
    type('#email', 'taken@example.com');
    await submit();
    backend
      .expectOne('/api/customers')
      .flush(
        { error: 'A customer with this email already exists', status_code: 409 },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    await fixture.whenStable();
    expect(text('[data-testid="email-error"]')).toBe('A customer with this email already exists');
    type('#email', 'free@example.com');
    await fixture.whenStable();
    expect(text('[data-testid="email-error"]')).toBe('');
  });

  it('creates the customer and opens its page', async () => {
    const { type, submit, backend, router } = await setup();
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    type('#name', 'Acme');
    type('#email', 'billing@acme.example');
    await submit();
    const request = backend.expectOne('/api/customers');
    expect(request.request.body).toEqual({ name: 'Acme', email: 'billing@acme.example' });
    request.flush(
      { id: 7, name: 'Acme', email: 'billing@acme.example', created_at: 'x', updated_at: 'x' },
      { status: 201, statusText: 'Created' },
    );
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/customers', 7]);
  });
});
