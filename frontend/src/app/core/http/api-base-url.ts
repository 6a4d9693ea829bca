import { InjectionToken } from '@angular/core';

/** Prefix for API calls: empty when the API serves the portal itself (same origin). */
export const API_BASE_URL = new InjectionToken<string>('API_BASE_URL', { factory: () => '' });
