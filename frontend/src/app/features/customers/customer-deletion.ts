import { inject, Injectable } from '@angular/core';
import type { Customer } from '../../core/api/api';
import { Deletion } from '../../shared/deletion';
import { CustomersService } from './customers.service';

/** Deleting a customer (and with it its accounts) from the list or its own page. */
@Injectable({ providedIn: 'root' })
export class CustomerDeletion {
  private readonly customersApi = inject(CustomersService);
  private readonly deletion = inject(Deletion);

  /** Resolves true once the customer is deleted; false when not confirmed or when it failed. */
  confirmAndDelete(customer: Customer): Promise<boolean> {
    return this.deletion.confirmAndDelete({
      title: 'Delete customer',
      question: `Delete ${customer.name} (${customer.email}) and all of its accounts? This cannot be undone.`,
      name: customer.name,
      deleted: `${customer.name} was deleted.`,
      remove: () => this.customersApi.delete(customer.id),
    });
  }
}
