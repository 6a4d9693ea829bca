import type { HttpInterceptorFn } from '@angular/common/http';
import { catchError, throwError } from 'rxjs';
import { ApiError } from './api-error';

/**
 * Turns every HTTP failure into an ApiError. It runs inside the auth interceptor, which handles
 * a 401 (refresh and retry, or sign out when the session is over).
 */
export const errorInterceptor: HttpInterceptorFn = (request, next) =>
  next(request).pipe(catchError((error: unknown) => throwError(() => ApiError.from(error))));
