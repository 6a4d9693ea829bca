import { HttpClient } from '@angular/common/http';
import { inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom } from 'rxjs';
import type { MessageResponse } from '../core/api/api';
import { pagedList, readPage } from './paged-list';

/**
 * What the API offers for every kind of record, from its collection's path (`/api/accounts`):
 * the list, page by page, one record, and create / update / delete. The feature services
 * (AccountsService, CustomersService) extend it with their types and add what only they have;
 * `noun` names the kind for the pages' messages (see Deletion, FormPage).
 *
 * Reads are state: `list()` and `resource()` build signals (`pagedList`, `rxResource`) in the
 * caller's injection context, so they live as long as the page that asked for them and a newer or
 * abandoned read cancels the request in flight. Writes are commands and return Promises: a save
 * is never cancelled by leaving the page (aborting it would not undo it on the server).
 */
export abstract class RecordApi<T, Query extends object, Create, Update = Create> {
  protected readonly http = inject(HttpClient);

  /**
   * `noun`: the kind in lower case ("account"); `alsoDeletes`: what the API deletes with a record
   * ("all of its accounts").
   */
  constructor(
    private readonly path: string,
    readonly noun: string,
    readonly alsoDeletes?: string,
  ) {}

  /** The list page by page: `load(query)` with the page's own `limit` (the API's default is 1000). */
  list() {
    return pagedList((query: Query, cursor) =>
      readPage<T>(this.http, this.path, { ...query, cursor }),
    );
  }

  /** The record with the id `id()`, read again whenever it changes; idle while it is undefined. */
  resource(id: () => number | undefined) {
    return rxResource({
      params: id,
      stream: ({ params }) => this.http.get<T>(`${this.path}/${params}`),
    });
  }

  create(body: Create): Promise<T> {
    return firstValueFrom(this.http.post<T>(this.path, body));
  }

  update(id: number, body: Update): Promise<T> {
    return firstValueFrom(this.http.put<T>(`${this.path}/${id}`, body));
  }

  delete(id: number): Promise<MessageResponse> {
    return firstValueFrom(this.http.delete<MessageResponse>(`${this.path}/${id}`));
  }
}
