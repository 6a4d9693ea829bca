import { computed, Injectable, type Signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { Account, Customer, CustomerBody, CustomerListQuery } from '../../core/api/api';
import { pagedList, readPage } from '../../shared/paged-list';
import { RecordApi } from '../../shared/record-api';

/** A customer's accounts per page on its page. */
const ACCOUNTS_PAGE_SIZE = 50;
/** Customers offered in pickers (account form and filter), by name. */
const OPTIONS_LIMIT = 500;

/** Customers for pickers (see `optionsResource`). */
export interface CustomerOptions {
  /** The first 500 by name; empty until read. */
  readonly customers: Signal<Customer[]>;
  /** Why they could not be read. */
  readonly error: Signal<unknown>;
  /** A customer's name, or `#<id>` for one not among them. */
  nameOf: (id: number) => string;
}

/** /api/customers, typed from the generated OpenAPI types (see RecordApi). */
@Injectable({ providedIn: 'root' })
export class CustomersService extends RecordApi<Customer, CustomerListQuery, CustomerBody> {
  constructor() {
    super('/api/customers', 'customer', 'all of its accounts');
  }

  /** GET /api/customers/:id/accounts page by page: `load(customerId)`. */
  accountsList() {
    return pagedList((customerId: number, cursor) =>
      readPage<Account>(this.http, `/api/customers/${customerId}/accounts`, {
        limit: ACCOUNTS_PAGE_SIZE,
        cursor,
      }),
    );
  }

  /** Customers for pickers: the first 500 by name, and their names by id. */
  optionsResource(): CustomerOptions {
    const options = rxResource({
      stream: () =>
        readPage<Customer>(this.http, '/api/customers', {
          sort: 'name',
          order: 'asc',
          limit: OPTIONS_LIMIT,
        }),
    });
    const customers = computed(() => (options.hasValue() ? options.value().items : []));
    return {
      customers,
      error: options.error,
      nameOf: (id: number) => customers().find((customer) => customer.id === id)?.name ?? `#${id}`,
    };
  }
}
