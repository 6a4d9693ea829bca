import { computed, type Signal, signal, type WritableSignal } from '@angular/core';
import type { AbstractControl } from '@angular/forms';
import { ApiError } from '../core/http/api-error';

/**
 * The message to show under one control: the server's message for it while the control is unedited
 * since the failed save, else (once touched or edited) the message of the first failing validator,
 * in the order `validatorMessages` lists them.
 */
export function controlError(
  control: AbstractControl,
  serverMessage: string | null,
  validatorMessages: Readonly<Record<string, string>>,
): string | null {
  if (serverMessage && !control.dirty) return serverMessage;
  if (!control.touched && !control.dirty) return null;
  for (const [error, message] of Object.entries(validatorMessages))
    if (control.hasError(error)) return message;
  return null;
}

/**
 * After a failed save: keeps the server's answer (for `controlError`) and marks the form pristine,
 * so each field shows the server's message until it is edited.
 */
export function keepServerError(
  form: AbstractControl,
  serverError: WritableSignal<ApiError | null>,
  error: unknown,
): ApiError {
  const apiError = ApiError.from(error);
  form.markAsPristine();
  serverError.set(apiError);
  return apiError;
}

/**
 * One form's save: the in-flight flag that disables the submit button, the form-level message,
 * and the server's last answer kept for the fields (see `controlError`). Every form page submits
 * through it, so they all validate, guard against double submits and report failures alike.
 */
export class FormSubmission {
  readonly saving = signal(false);
  readonly formError = signal<string | null>(null);
  readonly serverError = signal<ApiError | null>(null);

  constructor(protected readonly form: AbstractControl) {}

  /**
   * Shows every field's validation; once the form is valid and no save is in flight, runs `save`.
   * On failure the server's answer is kept for the fields, and `formMessage` says what (if
   * anything) the form itself shows: null when a field or another part of the portal shows it.
   */
  async submit(
    save: () => Promise<unknown>,
    formMessage: (error: ApiError) => string | null,
  ): Promise<void> {
    this.form.markAllAsTouched();
    this.serverError.set(null);
    if (this.form.invalid || this.saving()) return;
    this.saving.set(true);
    this.formError.set(null);
    try {
      await save();
    } catch (error) {
      this.formError.set(formMessage(keepServerError(this.form, this.serverError, error)));
    } finally {
      this.saving.set(false);
    }
  }
}

/**
 * A page's message for its record's failed read: "This account does not exist." for a 404 (also
 * another organization's record), else "Could not load the account: <the API's message>".
 */
export function loadErrorMessage(error: () => unknown, noun: string): Signal<string | null> {
  return computed(() => {
    const failure = error();
    if (!failure) return null;
    const apiError = ApiError.from(failure);
    return apiError.status === 404
      ? `This ${noun} does not exist.`
      : `Could not load the ${noun}: ${apiError.message}`;
  });
}
