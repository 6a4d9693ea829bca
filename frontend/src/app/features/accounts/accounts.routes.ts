import type { Routes } from '@angular/router';

export const ACCOUNT_ROUTES: Routes = [
  {
    path: '',
    title: 'Accounts · Admin portal',
    loadComponent: () => import('./account-list').then((m) => m.AccountList),
  },
  {
    path: 'new',
    title: 'New account · Admin portal',
    loadComponent: () => import('./account-form').then((m) => m.AccountForm),
  },
  {
    path: ':id/edit',
    title: 'Edit account · Admin portal',
    loadComponent: () => import('./account-form').then((m) => m.AccountForm),
  },
];
