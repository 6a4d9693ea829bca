import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  type OnInit,
  signal,
} from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { debounceTime, distinctUntilChanged } from 'rxjs';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { Customer, CustomerSort, SortOrder } from '../../core/api/api';
import { ApiError } from '../../core/http/api-error';
import { ToastService } from '../../core/toast/toast.service';
import { Confirmation } from '../../shared/confirm-dialog';
import { LoadingSpinner } from '../../shared/loading-spinner';
import { RowActions } from '../../shared/row-actions';
import { CustomersService } from './customers.service';

const PAGE_SIZE = 20;

@Component({
  selector: 'app-customer-list',
  imports: [DatePipe, LoadingSpinner, ReactiveFormsModule, RouterLink, RowActions],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-3">
      <h1 class="h3 mb-0">Customers</h1>
      <a class="btn btn-primary" routerLink="/customers/new">New customer</a>
    </div>

    <div class="row g-2 mb-3">
      <div class="col-12 col-md-6">
        <label for="customer-search" class="visually-hidden">Search customers</label>
        <input
          id="customer-search"
          type="search"
          class="form-control"
          placeholder="Search by name or e-mail"
          [formControl]="search"
        />
      </div>
    </div>

    <div class="table-responsive">
      <table class="table table-hover align-middle" aria-describedby="customers-status">
        <caption id="customers-status" class="caption-top" aria-live="polite">
          @if (loading() && customers().length === 0) {
            Loading customers…
          } @else if (customers().length === 0) {
          } @else {
            {{ customers().length }} customer{{ customers().length === 1 ? '' : 's' }} shown{{
              next() ? ', more available' : ''
            }}
          }
        </caption>
        <thead>
          <tr>
            @for (column of columns; track column.key) {
              <th
                scope="col"
                [attr.aria-sort]="
                  sort() === column.key ? (order() === 'asc' ? 'ascending' : 'descending') : 'none'
                "
                [class]="column.class"
              >
                <button
                  type="button"
                  class="btn btn-link p-0 text-decoration-none fw-semibold text-reset"
                  (click)="sortBy(column.key)"
                  [attr.data-testid]="'sort-' + column.key"
                >
                  {{ column.label }}
                  <span aria-hidden="true">{{
                    sort() === column.key ? (order() === 'asc' ? '▲' : '▼') : '↕'
                  }}</span>
                </button>
              </th>
            }
            <th scope="col" class="text-end"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          @for (customer of customers(); track customer.id) {
            <tr data-testid="customer-row">
              <td>
                <a [routerLink]="['/customers', customer.id]">{{ customer.name }}</a>
              </td>
              <td class="text-break">{{ customer.email }}</td>
              <td class="d-none d-sm-table-cell text-nowrap">
                {{ customer.created_at | date: 'mediumDate' }}
              </td>
              <td
                appRowActions
                [name]="customer.name"
                [editLink]="['/customers', customer.id, 'edit']"
                (delete)="deleteCustomer(customer)"
              ></td>
            </tr>
          } @empty {
            @if (!loading()) {
              <tr>
                <td
                  colspan="4"
                  class="text-center text-body-secondary py-4"
                  data-testid="customers-empty"
                >
                  @if (search.value) {
                    No customer matches “{{ search.value }}”.
                  } @else {
                    No customers yet. <a routerLink="/customers/new">Add the first one</a>.
                  }
                </td>
              </tr>
            }
          }
        </tbody>
      </table>
    </div>

    @if (error(); as error) {
      <div class="alert alert-danger" role="alert">
        {{ error }}
        <button type="button" class="btn btn-link p-0 align-baseline" (click)="reload()">
          Try again
        </button>
      </div>
    }
    @if (next()) {
      <div class="text-center">
        <button
          type="button"
          class="btn btn-outline-primary"
          (click)="loadMore()"
          [disabled]="loading()"
          data-testid="load-more"
        >
          @if (loading()) {
            <span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>
          }
          Load more
        </button>
      </div>
    } @else if (loading() && customers().length === 0) {
      <div class="text-center py-3">
        <span appLoadingSpinner></span>
      </div>
    }
  `,
})
export class CustomerList implements OnInit {
  private readonly customersApi = inject(CustomersService);
  private readonly toasts = inject(ToastService);
  private readonly confirmation = inject(Confirmation);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly columns: Array<{ key: CustomerSort; label: string; class: string }> = [
    { key: 'name', label: 'Name', class: '' },
    { key: 'email', label: 'E-mail', class: '' },
    { key: 'created_at', label: 'Created', class: 'd-none d-sm-table-cell' },
  ];
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly sort = signal<CustomerSort>('created_at');
  protected readonly order = signal<SortOrder>('desc');
  protected readonly customers = signal<Customer[]>([]);
  protected readonly next = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  /** Ignores answers to superseded requests (typing fast, sorting twice). */
  private generation = 0;

  ngOnInit(): void {
    this.reloadOnSearch();
    void this.reload();
  }

  /** A new search starts from the first page, once typing pauses. */
  private reloadOnSearch(): void {
    this.search.valueChanges
      .pipe(debounceTime(250), distinctUntilChanged(), takeUntilDestroyed(this.destroyRef))
      .subscribe(() => void this.reload());
  }

  protected sortBy(key: CustomerSort): void {
    if (this.sort() === key) this.order.update((order) => (order === 'asc' ? 'desc' : 'asc'));
    else {
      this.sort.set(key);
      this.order.set(key === 'created_at' ? 'desc' : 'asc');
    }
    void this.reload();
  }

  protected reload(): Promise<void> {
    this.customers.set([]);
    this.next.set(null);
    return this.fetchPage(null);
  }

  protected loadMore(): Promise<void> {
    return this.fetchPage(this.next());
  }

  protected async deleteCustomer(customer: Customer): Promise<void> {
    const confirmed = await this.confirmation.ask(
      'Delete customer',
      `Delete ${customer.name} (${customer.email}) and all of its accounts? This cannot be undone.`,
    );
    if (!confirmed) return;
    try {
      await this.customersApi.delete(customer.id);
      this.customers.update((customers) => customers.filter((item) => item.id !== customer.id));
      this.toasts.success(`${customer.name} was deleted.`);
    } catch (error) {
      this.toasts.error(`Could not delete ${customer.name}: ${ApiError.from(error).message}`);
    }
  }

  private async fetchPage(cursor: string | null): Promise<void> {
    const generation = ++this.generation;
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await this.customersApi.list({
        limit: PAGE_SIZE,
        sort: this.sort(),
        order: this.order(),
        q: this.search.value.trim() || undefined,
        cursor: cursor ?? undefined,
      });
      if (generation !== this.generation) return;
      this.customers.update((customers) => [...customers, ...page.items]);
      this.next.set(page.next);
    } catch (error) {
      if (generation !== this.generation) return;
      const apiError = ApiError.from(error);
      if (apiError.status !== 401) {
        this.error.set(`Could not load customers: ${apiError.message}`);
        this.toasts.error(`Could not load customers: ${apiError.message}`);
      }
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }
}
