import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  type OnInit,
} from '@angular/core';
import { FormGroup, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { Account, Customer } from '../../core/api/api';
import { fieldMessage } from '../../core/http/api-error';
import { ToastService } from '../../core/toast/toast.service';
import { ApiErrorMessage } from '../../shared/api-error-message';
import { Deletion } from '../../shared/deletion';
import { controlError, FormSubmission, loadErrorMessage } from '../../shared/form-errors';
import { FieldControl, FormField } from '../../shared/form-field';
import { ListFooter } from '../../shared/list-footer';
import { LoadingSpinner } from '../../shared/loading-spinner';
import { type Stat, stat } from '../../shared/stat-card';
import { StatCards } from '../../shared/stat-cards';
import { SubmitButton } from '../../shared/submit-button';
import {
  ACCOUNT_NAME_MESSAGES,
  ACCOUNT_STATUSES,
  accountControls,
} from '../accounts/account-controls';
import { AccountsService } from '../accounts/accounts.service';
import { AccountsTable } from '../accounts/accounts-table';
import { AnalyticsService } from '../analytics/analytics.service';
import { CustomersService } from './customers.service';

@Component({
  selector: 'app-customer-detail',
  imports: [
    AccountsTable,
    ApiErrorMessage,
    DatePipe,
    FieldControl,
    FormField,
    ListFooter,
    LoadingSpinner,
    ReactiveFormsModule,
    RouterLink,
    StatCards,
    SubmitButton,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './customer-detail.html',
})
export class CustomerDetail implements OnInit {
  private readonly customersApi = inject(CustomersService);
  private readonly accountsApi = inject(AccountsService);
  private readonly analyticsApi = inject(AnalyticsService);
  private readonly toasts = inject(ToastService);
  private readonly deletion = inject(Deletion);
  private readonly router = inject(Router);

  /** Route parameter. */
  readonly id = input.required<string>();
  private readonly customerId = computed(() => Number(this.id()));

  private readonly loaded = this.customersApi.resource(this.customerId);
  protected readonly customer = computed(() =>
    this.loaded.hasValue() ? this.loaded.value() : null,
  );
  protected readonly loadError = loadErrorMessage(this.loaded.error, 'customer');
  /** Read once the customer is known to exist; see refreshAfterWrite for the follower's lag. */
  protected readonly stats = this.analyticsApi.customerTotalsResource(() =>
    this.loaded.hasValue() ? this.customerId() : undefined,
  );
  protected readonly statCards = computed<Stat[]>(() => {
    const stats = this.stats.hasValue() ? this.stats.value() : null;
    return [
      stat('Accounts', 'customer-total-accounts', stats?.total_accounts),
      stat('Active', 'customer-active-accounts', stats?.active_accounts),
      stat('Inactive', 'customer-inactive-accounts', stats?.inactive_accounts),
    ];
  });
  protected readonly accounts = this.customersApi.accountsList();
  protected readonly statuses = ACCOUNT_STATUSES;
  protected readonly accountForm = new FormGroup(accountControls());
  private readonly accountSubmission = new FormSubmission(this.accountForm);
  protected readonly addingAccount = this.accountSubmission.saving;

  ngOnInit(): void {
    this.accounts.load(this.customerId());
  }

  protected accountNameError(): string | null {
    const server = this.accountSubmission.serverError();
    return controlError(
      this.accountForm.controls.name,
      server && fieldMessage(server, 'name'),
      ACCOUNT_NAME_MESSAGES,
    );
  }

  protected addAccount(customer: Customer): Promise<void> {
    return this.accountSubmission.submit(
      async () => {
        const { name, status } = this.accountForm.getRawValue();
        const account = await this.accountsApi.create({
          customer_id: customer.id,
          name: name.trim(),
          status,
        });
        this.accounts.prepend(account);
        this.accountForm.reset({ name: '', status: 'active' });
        this.toasts.success(`Account ${account.name} was added.`);
        this.refreshStats();
      },
      // The name field shows its own error; anything else is a toast (this form has no message).
      (error) => {
        if (!error.fieldErrors['name']) this.toasts.apiError('Could not add the account', error);
        return null;
      },
    );
  }

  protected async deleteAccount(account: Account): Promise<void> {
    if (await this.deletion.confirmAndDelete(account, this.accountsApi)) {
      this.accounts.remove((item) => item.id === account.id);
      this.refreshStats();
    }
  }

  protected async deleteCustomer(customer: Customer): Promise<void> {
    if (await this.deletion.confirmAndDelete(customer, this.customersApi))
      await this.router.navigateByUrl('/customers');
  }

  /** After this page's write: the totals should count every account listed (when all are). */
  private refreshStats(): void {
    this.stats.refreshAfterWrite(this.accounts.hasMore() ? null : this.accounts.items().length);
  }
}
