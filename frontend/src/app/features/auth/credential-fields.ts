import { booleanAttribute, ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { ControlContainer, ReactiveFormsModule } from '@angular/forms';
import { FieldControl, FormField } from '../../shared/form-field';

/**
 * The username and password fields of sign-in and registration, bound to the `username` and
 * `password` controls of the surrounding form. `newUser` (registration) says what a username may
 * hold and asks the browser to suggest a new password rather than fill in a saved one.
 */
@Component({
  selector: 'app-credential-fields',
  imports: [FieldControl, FormField, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The controls belong to the page's form: its FormGroupDirective serves this view too.
  viewProviders: [
    { provide: ControlContainer, useFactory: () => inject(ControlContainer, { skipSelf: true }) },
  ],
  host: { style: 'display: contents' },
  template: `
    <div
      appFormField
      for="username"
      label="Username"
      [describedBy]="newUser() ? 'username-help' : undefined"
      [error]="usernameError()"
    >
      <input appFieldControl formControlName="username" autocomplete="username" />
      @if (newUser()) {
        <div id="username-help" class="form-text">
          3–64 letters, digits, ".", "_", "-" or "&#64;".
        </div>
      }
    </div>
    <div appFormField for="password" label="Password" [error]="passwordError()">
      <input
        appFieldControl
        type="password"
        formControlName="password"
        [autocomplete]="newUser() ? 'new-password' : 'current-password'"
      />
    </div>
  `,
})
export class CredentialFields {
  readonly newUser = input(false, { transform: booleanAttribute });
  readonly usernameError = input.required<string | null>();
  readonly passwordError = input.required<string | null>();
}
