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
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { Account, AccountStatus } from '../../core/api/api';
import { ToastService } from '../../core/toast/toast.service';
import { AccountStatusBadge } from '../../shared/account-status-badge';
import { RowActions } from '../../shared/row-actions';
import { AccountDeletion } from './account-deletion';
import { AccountsService } from './accounts.service';
import { CustomerOptions } from './customer-options';

const PAGE_SIZE = 25;

@Component({
  selector: 'app-account-list',
  imports: [AccountStatusBadge, DatePipe, FormsModule, RouterLink, RowActions],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-3">
      <h1 class="h3 mb-0">Accounts</h1>
      <a
        class="btn btn-primary"
        routerLink="/accounts/new"
        [queryParams]="customerFilter() ? { customer_id: customerFilter() } : {}"
        >New account</a
      >
    </div>

    <form
      class="row g-2 mb-3"
      role="search"
      aria-label="Filter accounts"
      (submit)="$event.preventDefault()"
    >
      <div class="col-12 col-sm-4 col-md-3">
        <label for="status-filter" class="form-label small mb-1">Status</label>
        <select
          id="status-filter"
          class="form-select"
          name="status"
          [ngModel]="statusFilter()"
          (ngModelChange)="filterByStatus($event)"
        >
          <option value="">All</option>
          <option value="active">Active</option>
          <option value="inactive">Inactive</option>
        </select>
      </div>
      <div class="col-12 col-sm-8 col-md-5">
        <label for="customer-filter" class="form-label small mb-1">Customer</label>
        <select
          id="customer-filter"
          class="form-select"
          name="customer"
          [ngModel]="customerFilter()"
          (ngModelChange)="filterByCustomer($event)"
        >
          <option value="">All customers</option>
          @if (customerFilter() && !filterIsListed()) {
            <option [value]="customerFilter()">Customer #{{ customerFilter() }}</option>
          }
          @for (customer of options.customers(); track customer.id) {
            <option [value]="'' + customer.id">{{ customer.name }} ({{ customer.email }})</option>
          }
        </select>
      </div>
    </form>

    <div class="table-responsive">
      <table class="table table-hover align-middle">
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col" class="d-none d-md-table-cell">Created</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          @for (account of accounts(); track account.id) {
            <tr data-testid="account-row">
              <td>{{ account.name }}</td>
              <td>
                <a [routerLink]="['/customers', account.customer_id]">{{
                  options.nameOf(account.customer_id)
                }}</a>
              </td>
              <td>
                <span appAccountStatusBadge [status]="account.status"></span>
              </td>
              <td class="d-none d-md-table-cell text-nowrap">
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
                colspan="5"
                class="text-center text-body-secondary py-4"
                data-testid="accounts-empty"
              >
                @if (loading()) {
                  Loading accounts…
                } @else {
                  No accounts match these filters.
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    @if (next()) {
      <div class="text-center">
        <button
          type="button"
          class="btn btn-outline-primary"
          (click)="loadAccounts(next())"
          [disabled]="loading()"
          data-testid="load-more"
        >
          Load more
        </button>
      </div>
    }
  `,
})
export class AccountList implements OnInit {
  private readonly accountsApi = inject(AccountsService);
  protected readonly options = inject(CustomerOptions);
  private readonly toasts = inject(ToastService);
  private readonly accountDeletion = inject(AccountDeletion);
  private readonly router = inject(Router);

  /** Query parameters: the filters live in the URL, so a filtered list can be linked and reloaded. */
  readonly status = input<string>();
  readonly customer_id = input<string>();

  protected readonly statusFilter = signal<'' | AccountStatus>('');
  protected readonly customerFilter = signal('');
  protected readonly accounts = signal<Account[]>([]);
  protected readonly next = signal<string | null>(null);
  protected readonly loading = signal(false);
  /** Only the first 500 customers are offered; a filter from the URL may name another one. */
  protected readonly filterIsListed = computed(() =>
    this.options.customers().some((customer) => String(customer.id) === this.customerFilter()),
  );

  ngOnInit(): void {
    const status = this.status();
    this.statusFilter.set(status === 'active' || status === 'inactive' ? status : '');
    this.customerFilter.set(
      /^\d+$/.test(this.customer_id() ?? '') ? (this.customer_id() as string) : '',
    );
    void this.options
      .load()
      .catch((error: unknown) => this.toasts.apiError('Could not load customers', error));
    void this.loadAccounts(null);
  }

  protected filterByStatus(status: '' | AccountStatus): void {
    this.statusFilter.set(status);
    this.applyFilters();
  }

  protected filterByCustomer(customerId: string): void {
    this.customerFilter.set(customerId);
    this.applyFilters();
  }

  protected async loadAccounts(cursor: string | null): Promise<void> {
    this.loading.set(true);
    if (!cursor) this.accounts.set([]);
    try {
      const customerId = this.customerFilter();
      const page = await this.accountsApi.list({
        limit: PAGE_SIZE,
        status: this.statusFilter() || undefined,
        customer_id: customerId ? Number(customerId) : undefined,
        cursor: cursor ?? undefined,
      });
      this.accounts.update((accounts) => (cursor ? [...accounts, ...page.items] : page.items));
      this.next.set(page.next);
    } catch (error) {
      this.toasts.apiError('Could not load accounts', error);
    } finally {
      this.loading.set(false);
    }
  }

  protected async deleteAccount(account: Account): Promise<void> {
    if (!(await this.accountDeletion.confirmAndDelete(account))) return;
    this.accounts.update((accounts) => accounts.filter((item) => item.id !== account.id));
  }

  private applyFilters(): void {
    void this.router.navigate([], {
      queryParams: {
        status: this.statusFilter() || null,
        customer_id: this.customerFilter() || null,
      },
      replaceUrl: true,
    });
    void this.loadAccounts(null);
  }
}
