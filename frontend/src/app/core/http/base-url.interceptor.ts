import type { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { API_BASE_URL } from './api-base-url';

/** Prefixes relative API paths (/api/..., /health) with API_BASE_URL. */
export const baseUrlInterceptor: HttpInterceptorFn = (request, next) => {
  const base = inject(API_BASE_URL);
  if (!base || /^https?:\/\//.test(request.url)) return next(request);
  return next(request.clone({ url: `${base.replace(/\/$/, '')}${request.url}` }));
};
