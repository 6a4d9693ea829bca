import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Account } from '../../core/api/api';
import { AccountStatusBadge } from '../../shared/account-status-badge';
import { RowActions } from '../../shared/row-actions';

/**
 * Accounts as a table (the account list, a customer's page): name, optionally the customer,
 * status, creation day, and Edit / Delete per row; `delete` asks the page to delete one. While
 * empty it says "Loading accounts…" or, once loaded, `emptyText`.
 */
@Component({
  selector: 'app-accounts-table',
  imports: [AccountStatusBadge, DatePipe, RouterLink, RowActions],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-responsive">
      <table class="table table-hover align-middle">
        <thead>
          <tr>
            <th scope="col">Account</th>
            @if (customerName()) {
              <th scope="col">Customer</th>
            }
            <th scope="col">Status</th>
            <th scope="col" [class]="createdColumn()">Created</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          @for (account of accounts(); track account.id) {
            <tr data-testid="account-row">
              <td>{{ account.name }}</td>
              @if (customerName(); as nameOf) {
                <td>
                  <a [routerLink]="['/customers', account.customer_id]">{{
                    nameOf(account.customer_id)
                  }}</a>
                </td>
              }
              <td><span appAccountStatusBadge [status]="account.status"></span></td>
              <td class="text-nowrap" [class]="createdColumn()">
                {{ account.created_at | date: 'mediumDate' }}
              </td>
              <td
                appRowActions
                [name]="account.name"
                [editLink]="['/accounts', account.id, 'edit']"
                (delete)="delete.emit(account)"
              ></td>
            </tr>
          } @empty {
            <tr>
              <td
                [attr.colspan]="customerName() ? 5 : 4"
                class="text-center text-body-secondary py-3"
                data-testid="accounts-empty"
              >
                {{ loading() ? 'Loading accounts…' : emptyText() }}
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class AccountsTable {
  readonly accounts = input.required<readonly Account[]>();
  readonly loading = input(false);
  /** What the empty table says once loaded: "No accounts yet." */
  readonly emptyText = input.required<string>();
  /** Adds the Customer column: the name of an account's customer (the list of every account). */
  readonly customerName = input<(customerId: number) => string>();
  readonly delete = output<Account>();

  /** The Created column gives way on narrow screens, earlier when the Customer column takes room. */
  protected readonly createdColumn = computed(() =>
    this.customerName() ? 'd-none d-md-table-cell' : 'd-none d-sm-table-cell',
  );
}
