import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { HttpClient } from '@angular/common/http';
import {
  createEnvironmentInjector,
  EnvironmentInjector,
  runInInjectionContext,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { pagedList, readPage } from './paged-list';

interface Row {
  id: number;
}

function setup() {
  TestBed.configureTestingModule({
    providers: [provideHttpClient(), provideHttpClientTesting()],
  });
  const http = TestBed.inject(HttpClient);
  /** Stands for the page that owns the list. */
  const page = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Angular's documented use: EnvironmentInjector implements (not extends) Injector
  const list = runInInjectionContext(page, () =>
    pagedList((q: string, cursor) => readPage<Row>(http, '/rows', { q, cursor })),
  );
  return { list, page, backend: TestBed.inject(HttpTestingController) };
}

const rows = (...ids: number[]) => ids.map((id) => ({ id }));

describe('pagedList', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('reads the first page, then appends the next one from the Link header', () => {
    const { list, backend } = setup();
    list.load('a');
    expect(list.loading()).toBe(true);
    backend
      .expectOne('/rows?q=a')
      .flush(rows(3, 2), { headers: { Link: '</rows?q=a&cursor=c1>; rel="next"' } });
    expect(list.items()).toEqual(rows(3, 2));
    expect(list.hasMore()).toBe(true);
    list.loadMore();
    backend.expectOne('/rows?q=a&cursor=c1').flush(rows(1));
    expect(list.items()).toEqual(rows(3, 2, 1));
    expect(list.hasMore()).toBe(false);
    expect(list.loading()).toBe(false);
  });

  it('cancels the read of a superseded query, whose answer never lands', () => {
    const { list, backend } = setup();
    list.load('a');
    const first = backend.expectOne('/rows?q=a');
    list.load('ab');
    expect(first.cancelled).toBe(true);
    backend.expectOne('/rows?q=ab').flush(rows(9));
    expect(list.items()).toEqual(rows(9));
    expect(list.loading()).toBe(false);
  });

  it('keeps the error of a failed read until the next one, and edits rows locally', () => {
    const { list, backend } = setup();
    list.load('a');
    backend.expectOne('/rows?q=a').flush(null, { status: 503, statusText: 'Unavailable' });
    expect(list.error()?.status).toBe(503);
    expect(list.loading()).toBe(false);
    list.reload();
    expect(list.error()).toBeNull();
    backend.expectOne('/rows?q=a').flush(rows(2, 1));
    list.prepend({ id: 3 });
    list.remove((row) => row.id === 2);
    expect(list.items()).toEqual(rows(3, 1));
  });

  it('stops, aborting the read in flight, when its owner is destroyed', () => {
    const { list, page, backend } = setup();
    list.load('a');
    const request = backend.expectOne('/rows?q=a');
    page.destroy();
    expect(request.cancelled).toBe(true);
  });
});
