import type { Provider, Type } from '@angular/core';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { afterEach, beforeEach, vi } from 'vitest';
import { errorInterceptor } from '../app/core/http/error.interceptor';

/**
 * The test module every page and service spec starts from: a router, the portal's HTTP client
 * with its error interceptor over Angular's testing backend, plus the spec's own `imports` and
 * `providers`. Returns the controller that answers (and verifies) the requests.
 */
export function configureApiTesting(
  options: { imports?: Type<unknown>[]; providers?: Provider[] } = {},
): HttpTestingController {
  TestBed.configureTestingModule({
    imports: options.imports ?? [],
    providers: [
      provideRouter([]),
      provideHttpClient(withInterceptors([errorInterceptor])),
      provideHttpClientTesting(),
      ...(options.providers ?? []),
    ],
  });
  return TestBed.inject(HttpTestingController);
}

/** Lets the promise and timer steps queued so far run (a save's await, a resource's read). */
export const settle = () => new Promise((resolve) => setTimeout(resolve));

/**
 * The API's answer for a failure, as `flush` arguments:
 * `backend.expectOne(url).flush(...failure(404, 'Customer not found'))`.
 */
export function failure(
  status: number,
  error: string,
  details?: { field: string; message: string }[],
): [object, { status: number; statusText: string }] {
  return [
    { error, status_code: status, details },
    { status, statusText: error },
  ];
}

/**
 * For the tests of a describe block that drive time: fake timers in each test, and every request
 * answered by its end.
 */
export function useFakeTimers(): void {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    TestBed.inject(HttpTestingController).verify();
  });
}
