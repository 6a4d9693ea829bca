import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { FormSubmission } from '../../shared/form-errors';
import { FieldControl, FormField } from '../../shared/form-field';
import { AuthPage } from './auth-page';

@Component({
  selector: 'app-sign-in',
  imports: [AuthPage, FieldControl, FormField, ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main appAuthPage width="26rem">
      <h1 class="h3 mb-3">Sign in</h1>
      @if (auth.notice(); as notice) {
        <div class="alert alert-info" role="status" data-testid="sign-in-notice">
          {{ notice }}
        </div>
      }
      @if (error(); as error) {
        <div class="alert alert-danger" role="alert" data-testid="form-error">{{ error }}</div>
      }
      <form [formGroup]="form" (ngSubmit)="signIn()" novalidate>
        <div
          appFormField
          for="username"
          label="Username"
          error="Enter your username."
          [invalid]="invalid('username')"
        >
          <input
            appFieldControl
            class="form-control"
            formControlName="username"
            autocomplete="username"
          />
        </div>
        <div
          appFormField
          for="password"
          label="Password"
          error="Enter your password."
          [invalid]="invalid('password')"
        >
          <input
            appFieldControl
            type="password"
            class="form-control"
            formControlName="password"
            autocomplete="current-password"
          />
        </div>
        <button type="submit" class="btn btn-primary w-100" [disabled]="busy()">
          @if (busy()) {
            <span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>
          }
          Sign in
        </button>
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

  protected readonly form = new FormGroup({
    username: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  private readonly submission = new FormSubmission(this.form);
  protected readonly busy = this.submission.saving;
  protected readonly error = this.submission.formError;

  protected invalid(name: keyof typeof this.form.controls): boolean {
    const control = this.form.controls[name];
    return control.invalid && (control.touched || control.dirty);
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
