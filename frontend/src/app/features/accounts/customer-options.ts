import { inject, Injectable, signal } from '@angular/core';
import type { Customer } from '../../core/api/api';
import { CustomersService } from '../customers/customers.service';

/** Customers for pickers (filter and account form): the first 500 by name. */
@Injectable({ providedIn: 'root' })
export class CustomerOptions {
  private readonly customersApi = inject(CustomersService);
  readonly customers = signal<Customer[]>([]);
  readonly truncated = signal(false);

  async load(): Promise<void> {
    const page = await this.customersApi.list({ sort: 'name', order: 'asc', limit: 500 });
    this.customers.set(page.items);
    this.truncated.set(page.next !== null);
  }

  nameOf(id: number): string {
    return this.customers().find((customer) => customer.id === id)?.name ?? `#${id}`;
  }
}
