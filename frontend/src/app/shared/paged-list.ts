import { type HttpClient, HttpParams } from '@angular/common/http';
import { computed, DestroyRef, inject, signal, type Signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { catchError, EMPTY, map, type Observable, Subject, switchMap } from 'rxjs';
import { ApiError } from '../core/http/api-error';
import { nextCursor } from './link-header';

/** One page of a list: its rows, and the cursor of the next page (from the Link header). */
export interface Page<T> {
  items: T[];
  /** Cursor of the next page, null on the last page. */
  next: string | null;
}

/**
 * One page of a list the API pages (`GET url?limit=…&cursor=…`): its rows, and the cursor of the
 * next page from the Link header. Parameters that are absent (undefined, null or '') are left out.
 */
export function readPage<T>(http: HttpClient, url: string, query: object): Observable<Page<T>> {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '')
      params = params.set(key, String(value));
  return http.get<T[]>(url, { params, observe: 'response' }).pipe(
    map((response) => ({
      items: response.body ?? [],
      next: nextCursor(response.headers.get('Link')),
    })),
  );
}

/**
 * A list read the way the API pages it ("Load more": `limit`, then the Link header's cursor), as
 * signals. Created by a feature service's `…List()` method in the page's injection context, so it
 * lives as long as the page.
 *
 * Every request goes through one `switchMap`: a newer request (another search, another sort, the
 * page being left) unsubscribes from the one in flight, which makes HttpClient abort it, so an
 * answer to a superseded query never lands.
 */
export interface PagedList<T, Q> {
  readonly items: Signal<T[]>;
  /** True while a page is being read. */
  readonly loading: Signal<boolean>;
  /** Why the last page could not be read; null after a success. */
  readonly error: Signal<ApiError | null>;
  /** Whether the API announced another page. */
  readonly hasMore: Signal<boolean>;
  /** Starts over from the first page of `query`. */
  load(query: Q): void;
  /** Reads the first page of the last query again. */
  reload(): void;
  /** Appends the next page. */
  loadMore(): void;
  /** Shows a row this page has just created, first (the lists are newest first). */
  prepend(item: T): void;
  /** Drops rows this page has just deleted. */
  remove(predicate: (item: T) => boolean): void;
}

/** See PagedList; `fetch` reads one page (`cursor` null for the first). Needs an injection context. */
export function pagedList<T, Q>(
  fetch: (query: Q, cursor: string | null) => Observable<Page<T>>,
): PagedList<T, Q> {
  const items = signal<T[]>([]);
  const next = signal<string | null>(null);
  const loading = signal(false);
  const error = signal<ApiError | null>(null);
  const requests = new Subject<{ query: Q; cursor: string | null }>();
  let lastQuery: Q | undefined;

  requests
    .pipe(
      switchMap(({ query, cursor }) =>
        fetch(query, cursor).pipe(
          map((page) => ({ page, cursor })),
          catchError((failure: unknown) => {
            error.set(ApiError.from(failure));
            loading.set(false);
            return EMPTY;
          }),
        ),
      ),
      takeUntilDestroyed(inject(DestroyRef)),
    )
    .subscribe(({ page, cursor }) => {
      items.update((shown) => (cursor ? [...shown, ...page.items] : page.items));
      next.set(page.next);
      loading.set(false);
    });

  const request = (query: Q, cursor: string | null) => {
    loading.set(true);
    error.set(null);
    requests.next({ query, cursor });
  };
  const load = (query: Q) => {
    lastQuery = query;
    items.set([]);
    next.set(null);
    request(query, null);
  };

  return {
    items: items.asReadonly(),
    loading: loading.asReadonly(),
    error: error.asReadonly(),
    hasMore: computed(() => next() !== null),
    load,
    reload() {
      if (lastQuery !== undefined) load(lastQuery);
    },
    loadMore() {
      const cursor = next();
      if (cursor && lastQuery !== undefined) request(lastQuery, cursor);
    },
    prepend(item) {
      items.update((shown) => [item, ...shown]);
    },
    remove(predicate) {
      items.update((shown) => shown.filter((item) => !predicate(item)));
    },
  };
}
