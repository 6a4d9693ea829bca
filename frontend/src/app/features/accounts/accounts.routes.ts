import type { Routes } from '@angular/router';

const accountForm = () => import('./account-form').then((m) => m.AccountForm);

export const ACCOUNT_ROUTES: Routes = [
  {
    path: '',
    title: 'Accounts',
    loadComponent: () => import('./account-list').then((m) => m.AccountList),
  },
  { path: 'new', title: 'New account', loadComponent: accountForm },
  { path: ':id/edit', title: 'Edit account', loadComponent: accountForm },
];
