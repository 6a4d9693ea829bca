import type { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { ApiError } from './api-error';

/**
 * Turns every HTTP failure into an ApiError, and on a 401 from anything but the sign-in call
 * itself (an expired or revoked token) signs the user out and returns to the sign-in page.
 */
export const errorInterceptor: HttpInterceptorFn = (request, next) => {
  const auth = inject(AuthService);
  return next(request).pipe(
    catchError((error: unknown) => {
      const apiError = ApiError.from(error);
      if (apiError.status === 401 && !request.url.endsWith('/api/auth/login')) {
        auth.expireSession('Your session has ended. Please sign in again.');
      }
      return throwError(() => apiError);
    }),
  );
};
