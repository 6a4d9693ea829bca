import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  type OnInit,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { Account, AccountStatus, Customer, CustomerAnalytics } from '../../core/api/api';
import { ApiError, fieldMessage } from '../../core/http/api-error';
import { ToastService } from '../../core/toast/toast.service';
import { AccountStatusBadge } from '../../shared/account-status-badge';
import { Confirmation } from '../../shared/confirm-dialog';
import { controlError, keepServerError } from '../../shared/form-errors';
import { LoadingSpinner } from '../../shared/loading-spinner';
import { RowActions } from '../../shared/row-actions';
import { StatCard, type Stat } from '../../shared/stat-card';
import { AccountDeletion } from '../accounts/account-deletion';
import { AccountsService } from '../accounts/accounts.service';
import { AnalyticsService } from '../analytics/analytics.service';
import { CustomersService } from './customers.service';

@Component({
  selector: 'app-customer-detail',
  imports: [
    AccountStatusBadge,
    DatePipe,
    LoadingSpinner,
    ReactiveFormsModule,
    RouterLink,
    RowActions,
    StatCard,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav aria-label="breadcrumb">
      <ol class="breadcrumb">
        <li class="breadcrumb-item"><a routerLink="/customers">Customers</a></li>
        <li class="breadcrumb-item active" aria-current="page">
          {{ customer()?.name ?? 'Customer' }}
        </li>
      </ol>
    </nav>

    @if (loadError(); as error) {
      <div class="alert alert-danger" role="alert">{{ error }}</div>
    } @else if (customer(); as customer) {
      <div class="d-flex flex-wrap align-items-start justify-content-between gap-2 mb-3">
        <div>
          <h1 class="h3 mb-1" data-testid="customer-name">{{ customer.name }}</h1>
          <div class="text-body-secondary">
            <span data-testid="customer-email">{{ customer.email }}</span> · customer since
            {{ customer.created_at | date: 'mediumDate' }}
          </div>
        </div>
        <div class="d-flex gap-2">
          <a class="btn btn-outline-secondary" [routerLink]="['/customers', customer.id, 'edit']"
            >Edit</a
          >
          <button type="button" class="btn btn-outline-danger" (click)="deleteCustomer(customer)">
            Delete
          </button>
        </div>
      </div>

      <section aria-label="Account totals" class="row row-cols-3 g-3 mb-4">
        @for (stat of statCards(); track stat.testId) {
          <div class="col">
            <app-stat-card [label]="stat.label" [testId]="stat.testId" [value]="stat.value" />
          </div>
        }
      </section>

      <div class="row g-4">
        <section class="col-12 col-lg-8" aria-labelledby="accounts-title">
          <h2 class="h5" id="accounts-title">Accounts</h2>
          <div class="table-responsive">
            <table class="table align-middle">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="d-none d-sm-table-cell">Created</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                @for (account of accounts(); track account.id) {
                  <tr data-testid="account-row">
                    <td>{{ account.name }}</td>
                    <td>
                      <span appAccountStatusBadge [status]="account.status"></span>
                    </td>
                    <td class="d-none d-sm-table-cell text-nowrap">
                      {{ account.created_at | date: 'mediumDate' }}
                    </td>
                    <td
                      appRowActions
                      [name]="account.name"
                      [editLink]="['/accounts', account.id, 'edit']"
                      (delete)="deleteAccount(account)"
                    ></td>
                  </tr>
                } @empty {
                  <tr>
                    <td
                      colspan="4"
                      class="text-center text-body-secondary py-3"
                      data-testid="accounts-empty"
                    >
                      {{ accountsLoading() ? 'Loading accounts…' : 'No accounts yet.' }}
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          @if (accountsNext()) {
            <button
              type="button"
              class="btn btn-outline-primary btn-sm"
              (click)="loadAccounts(accountsNext())"
              [disabled]="accountsLoading()"
            >
              Load more
            </button>
          }
        </section>

        <section class="col-12 col-lg-4" aria-labelledby="add-account-title">
          <form
            class="card card-body shadow-sm"
            [formGroup]="accountForm"
            (ngSubmit)="addAccount(customer)"
            novalidate
          >
            <h2 class="h5" id="add-account-title">Add an account</h2>
            <div class="mb-3">
              <label for="account-name" class="form-label">Name</label>
              <input
                id="account-name"
                class="form-control"
                formControlName="name"
                placeholder="e.g. Enterprise plan"
                aria-describedby="account-name-error"
                [class.is-invalid]="accountNameError()"
              />
              <div id="account-name-error" class="invalid-feedback">{{ accountNameError() }}</div>
            </div>
            <div class="mb-3">
              <label for="account-status" class="form-label">Status</label>
              <select id="account-status" class="form-select" formControlName="status">
                <option value="active">active</option>
                <option value="inactive">inactive</option>
              </select>
            </div>
            <button type="submit" class="btn btn-primary" [disabled]="addingAccount()">
              Add account
            </button>
          </form>
        </section>
      </div>
    } @else {
      <div appLoadingSpinner></div>
    }
  `,
})
export class CustomerDetail implements OnInit {
  private readonly customersApi = inject(CustomersService);
  private readonly accountsApi = inject(AccountsService);
  private readonly analyticsApi = inject(AnalyticsService);
  private readonly toasts = inject(ToastService);
  private readonly confirmation = inject(Confirmation);
  private readonly accountDeletion = inject(AccountDeletion);
  private readonly router = inject(Router);

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly customer = signal<Customer | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly stats = signal<CustomerAnalytics | null>(null);
  protected readonly statCards = computed<Stat[]>(() => {
    const stats = this.stats();
    return [
      {
        label: 'Accounts',
        testId: 'customer-total-accounts',
        value: stats?.total_accounts ?? null,
      },
      {
        label: 'Active',
        testId: 'customer-active-accounts',
        value: stats?.active_accounts ?? null,
      },
      {
        label: 'Inactive',
        testId: 'customer-inactive-accounts',
        value: stats?.inactive_accounts ?? null,
      },
    ];
  });
  protected readonly accounts = signal<Account[]>([]);
  protected readonly accountsNext = signal<string | null>(null);
  protected readonly accountsLoading = signal(false);
  protected readonly addingAccount = signal(false);
  protected readonly accountServerError = signal<ApiError | null>(null);
  protected readonly accountForm = new FormGroup({
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(255)],
    }),
    status: new FormControl<AccountStatus>('active', { nonNullable: true }),
  });

  ngOnInit(): void {
    void this.loadCustomer();
  }

  protected accountNameError(): string | null {
    const server = this.accountServerError();
    return controlError(this.accountForm.controls.name, server && fieldMessage(server, 'name'), {
      required: 'Enter a name.',
      maxlength: 'At most 255 characters.',
    });
  }

  protected async loadAccounts(cursor: string | null = null): Promise<void> {
    this.accountsLoading.set(true);
    try {
      const page = await this.customersApi.accounts(Number(this.id()), cursor);
      this.accounts.update((accounts) => (cursor ? [...accounts, ...page.items] : page.items));
      this.accountsNext.set(page.next);
    } catch (error) {
      this.toasts.apiError('Could not load the accounts', error);
    } finally {
      this.accountsLoading.set(false);
    }
  }

  protected async addAccount(customer: Customer): Promise<void> {
    this.accountForm.markAllAsTouched();
    if (this.accountForm.invalid || this.addingAccount()) return;
    this.addingAccount.set(true);
    this.accountServerError.set(null);
    try {
      const { name, status } = this.accountForm.getRawValue();
      const account = await this.accountsApi.create({
        customer_id: customer.id,
        name: name.trim(),
        status,
      });
      this.accounts.update((accounts) => [account, ...accounts]);
      this.accountForm.reset({ name: '', status: 'active' });
      this.toasts.success(`Account ${account.name} was added.`);
      void this.loadStats(true);
    } catch (error) {
      const apiError = keepServerError(this.accountForm, this.accountServerError, error);
      if (!apiError.fieldErrors['name']) this.toasts.apiError('Could not add the account', error);
    } finally {
      this.addingAccount.set(false);
    }
  }

  protected async deleteAccount(account: Account): Promise<void> {
    if (!(await this.accountDeletion.confirmAndDelete(account))) return;
    this.accounts.update((accounts) => accounts.filter((item) => item.id !== account.id));
    void this.loadStats(true);
  }

  protected async deleteCustomer(customer: Customer): Promise<void> {
    const confirmed = await this.confirmation.ask(
      'Delete customer',
      `Delete ${customer.name} (${customer.email}) and all of its accounts? This cannot be undone.`,
    );
    if (!confirmed) return;
    try {
      await this.customersApi.delete(customer.id);
      this.toasts.success(`${customer.name} was deleted.`);
      await this.router.navigateByUrl('/customers');
    } catch (error) {
      this.toasts.apiError(`Could not delete ${customer.name}`, error);
    }
  }

  private async loadCustomer(): Promise<void> {
    try {
      this.customer.set(await this.customersApi.get(Number(this.id())));
      void this.loadAccounts();
      void this.loadStats();
    } catch (error) {
      const apiError = ApiError.from(error);
      this.loadError.set(
        apiError.status === 404
          ? 'This customer does not exist.'
          : `Could not load the customer: ${apiError.message}`,
      );
    }
  }

  /**
   * Computed on the follower, which may trail a write by a few milliseconds: after this page's own
   * write, and when every account is listed, reads again (briefly) until the totals agree.
   */
  private async loadStats(afterWrite = false): Promise<void> {
    try {
      for (let attempt = 0; ; attempt += 1) {
        const stats = await this.analyticsApi.customer(Number(this.id()));
        this.stats.set(stats);
        const expected = this.accountsNext() === null ? this.accounts().length : null;
        if (!afterWrite || expected === null || stats.total_accounts === expected || attempt >= 10)
          return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } catch (error) {
      this.toasts.apiError('Could not load the customer’s analytics', error);
    }
  }
}
