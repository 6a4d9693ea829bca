import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, type OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { debounceTime, distinctUntilChanged } from 'rxjs';
import type { Customer, CustomerSort, SortOrder } from '../../core/api/api';
import { Deletion } from '../../shared/deletion';
import { ListFooter } from '../../shared/list-footer';
import { PageHeader } from '../../shared/page-header';
import { RowActions } from '../../shared/row-actions';
import { CustomersService } from './customers.service';

const PAGE_SIZE = 20;

@Component({
  selector: 'app-customer-list',
  imports: [DatePipe, ListFooter, PageHeader, ReactiveFormsModule, RouterLink, RowActions],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './customer-list.html',
})
export class CustomerList implements OnInit {
  private readonly customersApi = inject(CustomersService);
  private readonly deletion = inject(Deletion);

  protected readonly columns: { key: CustomerSort; label: string; class: string }[] = [
    { key: 'name', label: 'Name', class: '' },
    { key: 'email', label: 'E-mail', class: '' },
    { key: 'created_at', label: 'Created', class: 'd-none d-sm-table-cell' },
  ];
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly sort = signal<CustomerSort>('created_at');
  protected readonly order = signal<SortOrder>('desc');
  /** The rows shown; a new search or sort cancels the read in flight (see pagedList). */
  protected readonly customers = this.customersApi.list();

  constructor() {
    this.reloadOnSearch();
  }

  ngOnInit(): void {
    this.loadFirstPage();
  }

  /** A new search starts from the first page, once typing pauses. */
  private reloadOnSearch(): void {
    this.search.valueChanges
      .pipe(debounceTime(250), distinctUntilChanged(), takeUntilDestroyed())
      .subscribe(() => {
        this.loadFirstPage();
      });
  }

  protected sortBy(key: CustomerSort): void {
    if (this.sort() === key) this.order.update((order) => (order === 'asc' ? 'desc' : 'asc'));
    else {
      this.sort.set(key);
      this.order.set(key === 'created_at' ? 'desc' : 'asc');
    }
    this.loadFirstPage();
  }

  protected async deleteCustomer(customer: Customer): Promise<void> {
    if (await this.deletion.confirmAndDelete(customer, this.customersApi))
      this.customers.remove((item) => item.id === customer.id);
  }

  private loadFirstPage(): void {
    this.customers.load({
      limit: PAGE_SIZE,
      sort: this.sort(),
      order: this.order(),
      q: this.search.value.trim() || undefined,
    });
  }
}
