import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * A form's primary button: disabled, with a spinner, while the form is busy.
 * `<button appSubmitButton [busy]="saving()">Create customer</button>`
 */
@Component({
  selector: 'button[appSubmitButton]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { type: 'submit', class: 'btn btn-primary', '[disabled]': 'busy()' },
  template: `
    @if (busy()) {
      <span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>
    }
    <ng-content />
  `,
})
export class SubmitButton {
  readonly busy = input.required<boolean>();
}
