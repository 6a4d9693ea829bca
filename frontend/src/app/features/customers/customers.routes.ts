import type { Routes } from '@angular/router';

const customerForm = () => import('./customer-form').then((m) => m.CustomerForm);

export const CUSTOMER_ROUTES: Routes = [
  {
    path: '',
    title: 'Customers',
    loadComponent: () => import('./customer-list').then((m) => m.CustomerList),
  },
  { path: 'new', title: 'New customer', loadComponent: customerForm },
  {
    path: ':id',
    title: 'Customer',
    loadComponent: () => import('./customer-detail').then((m) => m.CustomerDetail),
  },
  { path: ':id/edit', title: 'Edit customer', loadComponent: customerForm },
];
