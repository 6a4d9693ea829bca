import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom, map, type Observable } from 'rxjs';
import type {
  Account,
  AccountListQuery,
  CreateAccountBody,
  MessageResponse,
  UpdateAccountBody,
} from '../../core/api/api';
import { type Page, pagedList, pageOf, queryParams } from '../../shared/paged-list';

/**
 * /api/accounts, typed from the generated OpenAPI types. Reads build state in the caller's
 * injection context (cancelled with it); writes return Promises (see CustomersService).
 */
@Injectable({ providedIn: 'root' })
export class AccountsService {
  private readonly http = inject(HttpClient);

  /** One page of GET /api/accounts; callers pass their own `limit` (the API's default is 1000). */
  list(query: AccountListQuery): Observable<Page<Account>> {
    return this.http
      .get<Account[]>('/api/accounts', { params: queryParams(query), observe: 'response' })
      .pipe(map(pageOf));
  }

  get(id: number): Observable<Account> {
    return this.http.get<Account>(`/api/accounts/${id}`);
  }

  /** The account list, page by page; `load(query)` with the filters and the page's own `limit`. */
  accountList() {
    return pagedList((query: AccountListQuery, cursor) =>
      this.list({ ...query, cursor: cursor ?? undefined }),
    );
  }

  /** One account, read again whenever `id` changes; idle while `id` is undefined. */
  accountResource(id: () => number | undefined) {
    return rxResource({ params: id, stream: ({ params }) => this.get(params) });
  }

  create(body: CreateAccountBody): Promise<Account> {
    return firstValueFrom(this.http.post<Account>('/api/accounts', body));
  }

  update(id: number, body: UpdateAccountBody): Promise<Account> {
    return firstValueFrom(this.http.put<Account>(`/api/accounts/${id}`, body));
  }

  delete(id: number): Promise<MessageResponse> {
    return firstValueFrom(this.http.delete<MessageResponse>(`/api/accounts/${id}`));
  }
}
