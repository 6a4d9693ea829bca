import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { FieldControl, FormField } from './form-field';
import { query } from '../../testing/dom';
import { renderHost } from '../../testing/render';

@Component({
  imports: [FieldControl, FormField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div
    appFormField
    for="email"
    label="E-mail"
    describedBy="email-help"
    [error]="error()"
  >
    <input appFieldControl />
    <div id="email-help" class="form-text">Where invoices go.</div>
  </div>`,
})
class Host {
  readonly error = signal<string | null>(null);
}

describe('FormField', () => {
  it('labels the control (with Bootstrap’s class), points aria-describedby at help and error, and marks it invalid with a message', async () => {
    const { fixture, element } = await renderHost(Host);
    const input = query<HTMLInputElement>(element, 'input');
    expect(query(element, 'label').getAttribute('for')).toBe('email');
    expect(query(element, 'label').textContent.trim()).toBe('E-mail');
    expect(input.id).toBe('email');
    expect(input.classList.contains('form-control')).toBe(true);
    expect(input.getAttribute('aria-describedby')).toBe('email-help email-error');
    expect(input.classList.contains('is-invalid')).toBe(false);
    expect(input.getAttribute('aria-invalid')).toBe('false');

    fixture.componentInstance.error.set('Enter a valid e-mail address.');
    await fixture.whenStable();
    const feedback = query(element, '[data-testid="email-error"]');
    expect(feedback.id).toBe('email-error');
    expect(feedback.textContent.trim()).toBe('Enter a valid e-mail address.');
    expect(input.classList.contains('is-invalid')).toBe(true);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    // The feedback follows the control as a sibling: Bootstrap shows it via `.is-invalid ~ .invalid-feedback`.
    expect(input.parentElement).toBe(feedback.parentElement);
  });
});
