import type { Routes } from '@angular/router';

export const CUSTOMER_ROUTES: Routes = [
  {
    path: '',
    title: 'Customers · Admin portal',
    loadComponent: () => import('./customer-list').then((m) => m.CustomerList),
  },
  {
    path: 'new',
    title: 'New customer · Admin portal',
    loadComponent: () => import('./customer-form').then((m) => m.CustomerForm),
  },
  {
    path: ':id',
    title: 'Customer · Admin portal',
    loadComponent: () => import('./customer-detail').then((m) => m.CustomerDetail),
  },
  {
    path: ':id/edit',
    title: 'Edit customer · Admin portal',
    loadComponent: () => import('./customer-form').then((m) => m.CustomerForm),
  },
];
