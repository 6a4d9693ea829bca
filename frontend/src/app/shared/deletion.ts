import { inject, Injectable } from '@angular/core';
import { ToastService } from '../core/toast/toast.service';
import { Confirmation } from './confirm-dialog';

/** What to ask before deleting one thing, and how to delete it. */
export interface DeletionRequest {
  title: string;
  question: string;
  /** The thing's name, for the failure toast ("Could not delete …"). */
  name: string;
  /** The success toast. */
  deleted: string;
  remove: () => Promise<unknown>;
}

/** Deleting anything from a page: asks first, deletes, and says how it went in a toast. */
@Injectable({ providedIn: 'root' })
export class Deletion {
  private readonly confirmation = inject(Confirmation);
  private readonly toasts = inject(ToastService);

  /** Resolves true once deleted; false when not confirmed or when it failed. */
  async confirmAndDelete(request: DeletionRequest): Promise<boolean> {
    if (!(await this.confirmation.ask(request.title, request.question))) return false;
    try {
      await request.remove();
      this.toasts.success(request.deleted);
      return true;
    } catch (error) {
      this.toasts.apiError(`Could not delete ${request.name}`, error);
      return false;
    }
  }
}
