import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { ToastService } from './toast.service';

describe('ToastService.apiError', () => {
  it('shows a failed call as "what: message"', () => {
    const toasts = TestBed.inject(ToastService);
    toasts.apiError(
      'Could not load accounts',
      new HttpErrorResponse({ status: 500, error: { error: 'Internal server error' } }),
    );
    expect(toasts.toasts().map((toast) => [toast.kind, toast.text])).toEqual([
      ['danger', 'Could not load accounts: Internal server error'],
    ]);
  });

  it('stays quiet on a 401, after which the user is signed out anyway', () => {
    const toasts = TestBed.inject(ToastService);
    toasts.apiError('Could not load accounts', new HttpErrorResponse({ status: 401 }));
    expect(toasts.toasts()).toEqual([]);
  });
});
