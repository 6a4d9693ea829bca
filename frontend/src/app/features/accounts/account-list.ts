import {
  ChangeDetectionStrategy,
  Component,
  inject,
  input,
  type OnInit,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { Account, AccountStatus } from '../../core/api/api';
import { ApiErrorMessage } from '../../shared/api-error-message';
import { Deletion } from '../../shared/deletion';
import { ListFooter } from '../../shared/list-footer';
import { PageHeader } from '../../shared/page-header';
import { CustomerSelect } from '../customers/customer-select';
import { CustomersService } from '../customers/customers.service';
import { AccountsService } from './accounts.service';
import { AccountsTable } from './accounts-table';

const PAGE_SIZE = 25;

@Component({
  selector: 'app-account-list',
  imports: [
    AccountsTable,
    ApiErrorMessage,
    CustomerSelect,
    FormsModule,
    ListFooter,
    PageHeader,
    RouterLink,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './account-list.html',
})
export class AccountList implements OnInit {
  private readonly accountsApi = inject(AccountsService);
  protected readonly customers = inject(CustomersService).optionsResource();
  private readonly deletion = inject(Deletion);
  private readonly router = inject(Router);

  /** Query parameters: the filters live in the URL, so a filtered list can be linked and reloaded. */
  readonly status = input<string>();
  readonly customer_id = input<string>();

  protected readonly statusFilter = signal<'' | AccountStatus>('');
  protected readonly customerFilter = signal('');
  /** The rows shown; a change of filter cancels the read in flight (see pagedList). */
  protected readonly accounts = this.accountsApi.list();

  ngOnInit(): void {
    const status = this.status();
    this.statusFilter.set(status === 'active' || status === 'inactive' ? status : '');
    const customerId = this.customer_id() ?? '';
    this.customerFilter.set(/^\d+$/.test(customerId) ? customerId : '');
    this.loadFirstPage();
  }

  protected filterByStatus(status: '' | AccountStatus): void {
    this.statusFilter.set(status);
    this.applyFilters();
  }

  protected filterByCustomer(customerId: string): void {
    this.customerFilter.set(customerId);
    this.applyFilters();
  }

  protected async deleteAccount(account: Account): Promise<void> {
    if (await this.deletion.confirmAndDelete(account, this.accountsApi))
      this.accounts.remove((item) => item.id === account.id);
  }

  private applyFilters(): void {
    void this.router.navigate([], {
      queryParams: {
        status: this.statusFilter() || null,
        customer_id: this.customerFilter() || null,
      },
      replaceUrl: true,
    });
    this.loadFirstPage();
  }

  private loadFirstPage(): void {
    const customerId = this.customerFilter();
    this.accounts.load({
      limit: PAGE_SIZE,
      status: this.statusFilter() || undefined,
      customer_id: customerId ? Number(customerId) : undefined,
    });
  }
}
