import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom, map, type Observable } from 'rxjs';
import type {
  Account,
  Customer,
  CustomerBody,
  CustomerListQuery,
  MessageResponse,
} from '../../core/api/api';
import { type Page, pagedList, pageOf, queryParams } from '../../shared/paged-list';

/** A customer's accounts per page on its page. */
const ACCOUNTS_PAGE_SIZE = 50;
/** Customers offered in pickers (account form and filter), by name. */
const OPTIONS_LIMIT = 500;

/**
 * /api/customers, typed from the generated OpenAPI types.
 *
 * Reads are state: the `…Resource()` / `…List()` methods build signals (`rxResource`, `pagedList`)
 * in the caller's injection context, so they live as long as the page that asked for them and a
 * newer or abandoned read cancels the request in flight. Writes are commands and return Promises:
 * a save is never cancelled by leaving the page (aborting it would not undo it on the server).
 */
@Injectable({ providedIn: 'root' })
export class CustomersService {
  private readonly http = inject(HttpClient);

  /** One page of GET /api/customers; callers pass their own `limit` (the API's default is 1000). */
  list(query: CustomerListQuery): Observable<Page<Customer>> {
    return this.http
      .get<Customer[]>('/api/customers', { params: queryParams(query), observe: 'response' })
      .pipe(map(pageOf));
  }

  get(id: number): Observable<Customer> {
    return this.http.get<Customer>(`/api/customers/${id}`);
  }

  /** One page of GET /api/customers/:id/accounts. */
  accounts(
    id: number,
    cursor: string | null,
    limit = ACCOUNTS_PAGE_SIZE,
  ): Observable<Page<Account>> {
    return this.http
      .get<Account[]>(`/api/customers/${id}/accounts`, {
        params: queryParams({ limit, cursor }),
        observe: 'response',
      })
      .pipe(map(pageOf));
  }

  /** The customer list, page by page; `load(query)` with the page's own `limit`. */
  customerList() {
    return pagedList((query: CustomerListQuery, cursor) =>
      this.list({ ...query, cursor: cursor ?? undefined }),
    );
  }

  /** One customer, read again whenever `id` changes; idle while `id` is undefined. */
  customerResource(id: () => number | undefined) {
    return rxResource({ params: id, stream: ({ params }) => this.get(params) });
  }

  /** A customer's accounts, page by page; `load(customerId)`. */
  accountsList() {
    return pagedList((customerId: number, cursor) => this.accounts(customerId, cursor));
  }

  /** Customers for pickers: the first 500 by name, and their names by id. */
  optionsResource() {
    const options = rxResource({
      stream: () => this.list({ sort: 'name', order: 'asc', limit: OPTIONS_LIMIT }),
    });
    const customers = computed(() => (options.hasValue() ? options.value().items : []));
    return {
      customers,
      error: options.error,
      nameOf: (id: number) => customers().find((customer) => customer.id === id)?.name ?? `#${id}`,
    };
  }

  create(body: CustomerBody): Promise<Customer> {
    return firstValueFrom(this.http.post<Customer>('/api/customers', body));
  }

  update(id: number, body: CustomerBody): Promise<Customer> {
    return firstValueFrom(this.http.put<Customer>(`/api/customers/${id}`, body));
  }

  delete(id: number): Promise<MessageResponse> {
    return firstValueFrom(this.http.delete<MessageResponse>(`/api/customers/${id}`));
  }
}
