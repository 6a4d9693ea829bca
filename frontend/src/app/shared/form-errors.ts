import type { WritableSignal } from '@angular/core';
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
