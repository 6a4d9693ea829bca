import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { fieldMessage } from '../../core/http/api-error';
import { ToastService } from '../../core/toast/toast.service';
import { controlError, FormSubmission } from '../../shared/form-errors';
import { SubmitButton } from '../../shared/submit-button';
import { AuthPage } from './auth-page';
import { CredentialFields } from './credential-fields';

@Component({
  selector: 'app-register',
  imports: [AuthPage, CredentialFields, ReactiveFormsModule, RouterLink, SubmitButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main
      appAuthPage
      width="28rem"
      heading="Create an organization"
      lead="You become its administrator."
    >
      @if (error(); as error) {
        <div class="alert alert-danger" role="alert" data-testid="form-error">{{ error }}</div>
      }
      <form [formGroup]="form" (ngSubmit)="register()" novalidate>
        <div class="mb-3">
          <label for="organization" class="form-label"
            >Organization name <span class="text-body-secondary">(optional)</span></label
          >
          <input
            id="organization"
            class="form-control"
            formControlName="organization"
            autocomplete="organization"
          />
        </div>
        <app-credential-fields
          newUser
          [usernameError]="usernameError()"
          [passwordError]="passwordError()"
        />
        <button appSubmitButton class="w-100" [busy]="busy()">Create organization</button>
      </form>
      <p class="mt-3 mb-0 text-center">Already registered? <a routerLink="/sign-in">Sign in</a></p>
    </main>
  `,
})
export class Register {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly toasts = inject(ToastService);

  protected readonly form = new FormGroup({
    organization: new FormControl('', {
      nonNullable: true,
      validators: [Validators.maxLength(255)],
    }),
    username: new FormControl('', {
      nonNullable: true,
      validators: [
        Validators.required,
        Validators.minLength(3),
        Validators.maxLength(64),
        Validators.pattern(/^[A-Za-z0-9._@-]+$/),
      ],
    }),
    password: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.minLength(8), Validators.maxLength(128)],
    }),
  });

  private readonly submission = new FormSubmission(this.form);
  protected readonly busy = this.submission.saving;
  protected readonly error = this.submission.formError;
  protected readonly serverErrors = this.submission.serverError;

  protected usernameError(): string | null {
    const server = this.serverErrors();
    return controlError(
      this.form.controls.username,
      server && fieldMessage(server, 'username', 'username'),
      {
        required: 'Choose a username.',
        minlength: 'Use 3 to 64 characters.',
        maxlength: 'Use 3 to 64 characters.',
        pattern: 'Use only letters, digits, ".", "_", "-" or "@".',
      },
    );
  }

  protected passwordError(): string | null {
    const server = this.serverErrors();
    return controlError(this.form.controls.password, server && fieldMessage(server, 'password'), {
      required: 'Choose a password.',
      minlength: 'Use 8 to 128 characters.',
      maxlength: 'Use 8 to 128 characters.',
    });
  }

  protected register(): Promise<void> {
    return this.submission.submit(
      async () => {
        const { organization, username, password } = this.form.getRawValue();
        await this.auth.register({
          username,
          password,
          ...(organization.trim() ? { organization: organization.trim() } : {}),
        });
        this.toasts.success('Your organization is ready.');
        await this.router.navigateByUrl('/dashboard');
      },
      // A 409 (username taken) and field errors show at the fields.
      (error) =>
        error.status === 409 || Object.keys(error.fieldErrors).length > 0 ? null : error.message,
    );
  }
}
