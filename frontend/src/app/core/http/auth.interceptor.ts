import type { HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { AuthService, SESSION_ENDED, SESSIONLESS_PATHS } from '../auth/auth.service';

const withToken = (request: HttpRequest<unknown>, token: string) =>
  request.clone({ setHeaders: { Authorization: `Bearer ${token}` } });

const isUnauthorized = (error: unknown) => (error as { status?: unknown }).status === 401;

/**
 * Sends the signed-in user's token as `Authorization: Bearer …` on API calls. When the API answers
 * 401 (the 15-minute access token expired), gets a new token with the refresh token, once for
 * all concurrent calls (AuthService.refreshSession), and retries the call with it. A refused
 * refresh signs out (AuthService); so does a retried call that is still refused.
 * Requests that bring their own Authorization header (logout) or need none (login, register,
 * refresh) pass untouched.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const auth = inject(AuthService);
  const token = auth.token();
  const sessionless = SESSIONLESS_PATHS.some((path) => request.url.endsWith(path));
  if (!token || sessionless || request.headers.has('Authorization')) return next(request);

  return next(withToken(request, token)).pipe(
    catchError((error: unknown) => {
      if (!isUnauthorized(error)) return throwError(() => error);
      return from(auth.refreshSession(token)).pipe(
        catchError(() => throwError(() => error)),
        switchMap((fresh) =>
          next(withToken(request, fresh)).pipe(
            catchError((retryError: unknown) => {
              if (isUnauthorized(retryError)) auth.expireSession(SESSION_ENDED);
              return throwError(() => retryError);
            }),
          ),
        ),
      );
    }),
  );
};
