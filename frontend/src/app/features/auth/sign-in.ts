import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { controlError, FormSubmission } from '../../shared/form-errors';
import { SubmitButton } from '../../shared/submit-button';
import { AuthPage } from './auth-page';
import { CredentialFields } from './credential-fields';

@Component({
  selector: 'app-sign-in',
  imports: [AuthPage, CredentialFields, ReactiveFormsModule, RouterLink, SubmitButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main appAuthPage width="26rem" heading="Sign in">
      @if (auth.notice(); as notice) {
        <div class="alert alert-info" role="status" data-testid="sign-in-notice">
          {{ notice }}
        </div>
      }
      @if (error(); as error) {
        <div class="alert alert-danger" role="alert" data-testid="form-error">{{ error }}</div>
      }
      @if (demoLogin.value(); as demo) {
        <p class="alert alert-light border small py-2" data-testid="demo-login">
          Demo login: <strong>{{ demo.username }}</strong> / <strong>{{ demo.password }}</strong>
        </p>
      }
      <form [formGroup]="form" (ngSubmit)="signIn()" novalidate>
        <app-credential-fields
          [usernameError]="errorFor('username')"
          [passwordError]="errorFor('password')"
        />
        <button appSubmitButton class="w-100" [busy]="busy()">Sign in</button>
      </form>
      <p class="mt-3 mb-0 text-center">
        New here? <a routerLink="/register">Create an organization</a>
      </p>
    </main>
  `,
})
export class SignIn {
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  /** Where the guard sent the user from (query parameter). */
  readonly returnUrl = input<string>();

  /** The demo data's sign-in, shown (never filled in) when the server has the demo data. */
  protected readonly demoLogin = rxResource({ stream: () => this.auth.demoLogin() });

  protected readonly form = new FormGroup({
    username: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  private readonly submission = new FormSubmission(this.form);
  protected readonly busy = this.submission.saving;
  protected readonly error = this.submission.formError;

  protected errorFor(field: 'username' | 'password'): string | null {
    return controlError(this.form.controls[field], null, { required: `Enter your ${field}.` });
  }

  protected signIn(): Promise<void> {
    return this.submission.submit(
      async () => {
        const { username, password } = this.form.getRawValue();
        await this.auth.signIn(username, password);
        const target = this.returnUrl();
        await this.router.navigateByUrl(
          target?.startsWith('/') && !target.startsWith('//') ? target : '/dashboard',
        );
      },
      (error) => (error.status === 401 ? 'Wrong username or password.' : error.message),
    );
  }
}
