import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Account } from '../../core/api/api';
import { ToastService } from '../../core/toast/toast.service';
import { Confirmation } from '../../shared/confirm-dialog';
import { AccountDeletion } from './account-deletion';
import { configureApiTesting } from '../../../testing/http';

const account = { id: 7, customer_id: 3, name: 'Enterprise plan', status: 'active' } as Account;

function setup(confirmed: boolean) {
  const ask = vi.fn(() => Promise.resolve(confirmed));
  configureApiTesting({ providers: [{ provide: Confirmation, useValue: { ask } }] });
  return {
    ask,
    deletion: TestBed.inject(AccountDeletion),
    backend: TestBed.inject(HttpTestingController),
    toasts: TestBed.inject(ToastService),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve));

describe('AccountDeletion', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('does nothing unless confirmed', async () => {
    const { ask, deletion } = setup(false);
    expect(await deletion.confirmAndDelete(account)).toBe(false);
    expect(ask).toHaveBeenCalledWith(
      'Delete account',
      'Delete the account Enterprise plan? This cannot be undone.',
    );
  });

  it('deletes once confirmed and says so', async () => {
    const { deletion, backend, toasts } = setup(true);
    const result = deletion.confirmAndDelete(account);
    await settle();
    backend
      .expectOne({ method: 'DELETE', url: '/api/accounts/7' })
      .flush({ message: 'Account deleted' });
    expect(await result).toBe(true);
    expect(toasts.toasts().map((toast) => [toast.kind, toast.text])).toEqual([
      ['success', 'Account Enterprise plan was deleted.'],
    ]);
  });

  it('reports a failure', async () => {
    const { deletion, backend, toasts } = setup(true);
    const result = deletion.confirmAndDelete(account);
    await settle();
    backend
      .expectOne({ method: 'DELETE', url: '/api/accounts/7' })
      .flush(
        { error: 'Account not found', status_code: 404 },
        { status: 404, statusText: 'Not Found' },
      );
    expect(await result).toBe(false);
    expect(toasts.toasts().map((toast) => [toast.kind, toast.text])).toEqual([
      ['danger', 'Could not delete Enterprise plan: Account not found'],
    ]);
  });
});
