import type { Routes } from '@angular/router';
import { signedInGuard, signedOutGuard } from './core/auth/auth.guards';

/** Every page loads lazily; its `title` names it in the browser tab (see PageTitle). */
export const routes: Routes = [
  {
    path: 'sign-in',
    canActivate: [signedOutGuard],
    title: 'Sign in',
    loadComponent: () => import('./features/auth/sign-in').then((m) => m.SignIn),
  },
  {
    path: 'register',
    canActivate: [signedOutGuard],
    title: 'Register',
    loadComponent: () => import('./features/auth/register').then((m) => m.Register),
  },
  {
    path: '',
    canActivate: [signedInGuard],
    loadComponent: () => import('./core/shell/shell').then((m) => m.Shell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
      {
        path: 'dashboard',
        title: 'Dashboard',
        loadComponent: () => import('./features/analytics/dashboard').then((m) => m.Dashboard),
      },
      {
        path: 'customers',
        loadChildren: () =>
          import('./features/customers/customers.routes').then((m) => m.CUSTOMER_ROUTES),
      },
      {
        path: 'accounts',
        loadChildren: () =>
          import('./features/accounts/accounts.routes').then((m) => m.ACCOUNT_ROUTES),
      },
      {
        path: 'jobs',
        title: 'Jobs',
        loadComponent: () => import('./features/jobs/jobs-page').then((m) => m.JobsPage),
      },
      {
        path: 'system',
        title: 'System',
        loadComponent: () => import('./features/system/system-page').then((m) => m.SystemPage),
      },
      {
        path: '**',
        title: 'Not found',
        loadComponent: () => import('./shared/not-found').then((m) => m.NotFound),
      },
    ],
  },
];
