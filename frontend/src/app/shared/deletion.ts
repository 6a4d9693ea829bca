import { inject, Injectable } from '@angular/core';
import { ToastService } from '../core/toast/toast.service';
import { Confirmation } from './confirm-dialog';
import { capitalised } from './text';

/** What is deleted: a record people know by its name. */
export interface Deletable {
  id: number;
  name: string;
}

/** The API of its kind (a RecordApi: AccountsService, CustomersService). */
export interface DeletingApi {
  /** The kind, in lower case: "account". */
  readonly noun: string;
  /** What goes with a record, if anything: "all of its accounts". */
  readonly alsoDeletes?: string;
  delete(id: number): Promise<unknown>;
}

/**
 * Deleting anything from a page, one way for every kind of record: asks "Delete the account
 * Enterprise plan? This cannot be undone.", deletes, and says how it went in a toast ("Account
 * Enterprise plan was deleted.", or "Could not delete Enterprise plan: …").
 */
@Injectable({ providedIn: 'root' })
export class Deletion {
  private readonly confirmation = inject(Confirmation);
  private readonly toasts = inject(ToastService);

  /** Resolves true once deleted; false when not confirmed or when it failed. */
  async confirmAndDelete({ id, name }: Deletable, api: DeletingApi): Promise<boolean> {
    const { noun, alsoDeletes } = api;
    const also = alsoDeletes ? ` and ${alsoDeletes}` : '';
    const question = `Delete the ${noun} ${name}${also}? This cannot be undone.`;
    if (!(await this.confirmation.ask(`Delete ${noun}`, question))) return false;
    try {
      await api.delete(id);
      this.toasts.success(`${capitalised(noun)} ${name} was deleted.`);
      return true;
    } catch (error) {
      this.toasts.apiError(`Could not delete ${name}`, error);
      return false;
    }
  }
}
