import { inject, Injectable } from '@angular/core';
import type { Account } from '../../core/api/api';
import { ToastService } from '../../core/toast/toast.service';
import { Confirmation } from '../../shared/confirm-dialog';
import { AccountsService } from './accounts.service';

/** Deleting an account from a table: asks first, deletes, and says how it went in a toast. */
@Injectable({ providedIn: 'root' })
export class AccountDeletion {
  private readonly accountsApi = inject(AccountsService);
  private readonly confirmation = inject(Confirmation);
  private readonly toasts = inject(ToastService);

  /** Resolves true once the account is deleted; false when not confirmed or when it failed. */
  async confirmAndDelete(account: Account): Promise<boolean> {
    const confirmed = await this.confirmation.ask(
      'Delete account',
      `Delete the account ${account.name}? This cannot be undone.`,
    );
    if (!confirmed) return false;
    try {
      await this.accountsApi.delete(account.id);
      this.toasts.success(`Account ${account.name} was deleted.`);
      return true;
    } catch (error) {
      this.toasts.apiError(`Could not delete ${account.name}`, error);
      return false;
    }
  }
}
