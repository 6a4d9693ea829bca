import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { AuthService } from './auth.service';

/** Keeps signed-out users out of the portal: they land on sign-in, and come back afterwards. */
export const signedInGuard: CanActivateFn = (_route, state) => {
  if (inject(AuthService).signedIn()) return true;
  return inject(Router).createUrlTree(['/sign-in'], {
    queryParams: state.url && state.url !== '/' ? { returnUrl: state.url } : {},
  });
};

/** The sign-in and register pages are for signed-out users only. */
export const signedOutGuard: CanActivateFn = () =>
  inject(AuthService).signedIn() ? inject(Router).createUrlTree(['/']) : true;
