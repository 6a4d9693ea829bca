import type { Provider, Type } from '@angular/core';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
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
