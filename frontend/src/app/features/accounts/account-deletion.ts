import { inject, Injectable } from '@angular/core';
import type { Account } from '../../core/api/api';
import { Deletion } from '../../shared/deletion';
import { AccountsService } from './accounts.service';

/** Deleting an account from a table (the account list, a customer's page). */
@Injectable({ providedIn: 'root' })
export class AccountDeletion {
  private readonly accountsApi = inject(AccountsService);
  private readonly deletion = inject(Deletion);

  /** Resolves true once the account is deleted; false when not confirmed or when it failed. */
  confirmAndDelete(account: Account): Promise<boolean> {
    return this.deletion.confirmAndDelete({
      title: 'Delete account',
      question: `Delete the account ${account.name}? This cannot be undone.`,
      name: account.name,
      deleted: `Account ${account.name} was deleted.`,
      remove: () => this.accountsApi.delete(account.id),
    });
  }
}
