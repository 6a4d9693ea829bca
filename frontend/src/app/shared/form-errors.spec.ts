import { signal } from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { ApiError } from '../core/http/api-error';
import { controlError, keepServerError } from './form-errors';

const messages = { required: 'Enter a name.', maxlength: 'At most 3 characters.' };

describe('controlError', () => {
  it('says nothing until the control is touched or edited, then names the first failing validator', () => {
    const control = new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(3)],
    });
    expect(controlError(control, null, messages)).toBeNull();
    control.markAsTouched();
    expect(controlError(control, null, messages)).toBe('Enter a name.');
    control.setValue('toolong');
    expect(controlError(control, null, messages)).toBe('At most 3 characters.');
    control.setValue('ok');
    expect(controlError(control, null, messages)).toBeNull();
  });

  it("shows the server's message until the control is edited", () => {
    const control = new FormControl('abc', {
      nonNullable: true,
      validators: [Validators.required],
    });
    control.markAsTouched();
    expect(controlError(control, 'Name is taken', messages)).toBe('Name is taken');
    control.markAsDirty();
    expect(controlError(control, 'Name is taken', messages)).toBeNull();
  });
});

describe('keepServerError', () => {
  it('normalises the error, keeps it and marks the form pristine', () => {
    const form = new FormGroup({ name: new FormControl('x', { nonNullable: true }) });
    form.markAsDirty();
    const serverError = signal<ApiError | null>(null);
    const apiError = keepServerError(
      form,
      serverError,
      new HttpErrorResponse({
        status: 400,
        error: { error: 'name: is bad', details: [{ field: 'name', message: 'is bad' }] },
      }),
    );
    expect(apiError).toBeInstanceOf(ApiError);
    expect(apiError.fieldErrors).toEqual({ name: 'is bad' });
    expect(serverError()).toBe(apiError);
    expect(form.dirty).toBe(false);
  });
});
