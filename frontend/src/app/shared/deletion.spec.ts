import { TestBed } from '@angular/core/testing';
import { ApiError } from '../core/http/api-error';
import { ToastService } from '../core/toast/toast.service';
import { Confirmation } from './confirm-dialog';
import { Deletion } from './deletion';

const plan = { id: 7, name: 'Enterprise plan' };

function setup(confirmed: boolean, deleted: () => Promise<unknown> = () => Promise.resolve({})) {
  const ask = vi.fn(() => Promise.resolve(confirmed));
  const accounts = { noun: 'account', delete: vi.fn(deleted) };
  const customers = {
    noun: 'customer',
    alsoDeletes: 'all of its accounts',
    delete: vi.fn(deleted),
  };
  TestBed.configureTestingModule({ providers: [{ provide: Confirmation, useValue: { ask } }] });
  const toasts = TestBed.inject(ToastService);
  return {
    ask,
    accounts,
    customers,
    deletion: TestBed.inject(Deletion),
    shown: () => toasts.toasts().map((toast) => [toast.kind, toast.text]),
  };
}

describe('Deletion', () => {
  it('asks in words made from the noun and the name, and does nothing unless confirmed', async () => {
    const { ask, accounts, deletion, shown } = setup(false);
    await expect(deletion.confirmAndDelete(plan, accounts)).resolves.toBe(false);
    expect(ask).toHaveBeenCalledWith(
      'Delete account',
      'Delete the account Enterprise plan? This cannot be undone.',
    );
    expect(accounts.delete).not.toHaveBeenCalled();
    expect(shown()).toEqual([]);
  });

  it('deletes once confirmed and says so, naming what goes with it', async () => {
    const { ask, customers, deletion, shown } = setup(true);
    await expect(deletion.confirmAndDelete({ id: 3, name: 'Acme' }, customers)).resolves.toBe(true);
    expect(ask).toHaveBeenCalledWith(
      'Delete customer',
      'Delete the customer Acme and all of its accounts? This cannot be undone.',
    );
    expect(customers.delete).toHaveBeenCalledWith(3);
    expect(shown()).toEqual([['success', 'Customer Acme was deleted.']]);
  });

  it('reports a failure', async () => {
    const notFound = new ApiError(404, 'Account not found');
    const { accounts, deletion, shown } = setup(true, () => Promise.reject(notFound));
    await expect(deletion.confirmAndDelete(plan, accounts)).resolves.toBe(false);
    expect(shown()).toEqual([['danger', 'Could not delete Enterprise plan: Account not found']]);
  });
});
