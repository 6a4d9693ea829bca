import { ChangeDetectionStrategy, Component, inject, input, type OnInit } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { Account } from '../../core/api/api';
import { fieldMessage } from '../../core/http/api-error';
import { ApiErrorMessage } from '../../shared/api-error-message';
import { controlError } from '../../shared/form-errors';
import { FieldControl, FormField } from '../../shared/form-field';
import { FormCard } from '../../shared/form-card';
import { FormPage } from '../../shared/form-page';
import { FormPageHeader } from '../../shared/form-page-header';
import { CustomerSelect } from '../customers/customer-select';
import { CustomersService } from '../customers/customers.service';
import { ACCOUNT_NAME_MESSAGES, ACCOUNT_STATUSES, accountControls } from './account-controls';
import { AccountsService } from './accounts.service';

@Component({
  selector: 'app-account-form',
  imports: [
    ApiErrorMessage,
    CustomerSelect,
    FieldControl,
    FormCard,
    FormField,
    FormPageHeader,
    ReactiveFormsModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './account-form.html',
})
export class AccountForm implements OnInit {
  private readonly accountsApi = inject(AccountsService);

  /** Route parameter when editing; query parameter customer_id preselects the customer. */
  readonly id = input<string>();
  readonly customer_id = input<string>();

  protected readonly customers = inject(CustomersService).optionsResource();
  protected readonly statuses = ACCOUNT_STATUSES;
  protected readonly form = new FormGroup({
    customer_id: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    ...accountControls(),
  });
  protected readonly page = new FormPage(this.form, {
    id: this.id,
    api: this.accountsApi,
    fill: (account) => {
      this.fillForm(account);
    },
    created: () => {
      const { customer_id, name, status } = this.form.getRawValue();
      return { customer_id: Number(customer_id), name: name.trim(), status };
    },
    updated: () => {
      const { name, status } = this.form.getRawValue();
      return { name: name.trim(), status };
    },
    savedUrl: (account) => `/accounts?customer_id=${account.customer_id}`,
    // A 422 (unknown customer) shows at the customer field.
    shownAtField: (error) => error.status === 422,
  });

  ngOnInit(): void {
    const customerId = this.customer_id() ?? '';
    if (!this.page.editing() && /^\d+$/.test(customerId))
      this.form.controls.customer_id.setValue(customerId);
  }

  protected errorFor(field: 'customer_id' | 'name'): string | null {
    const server = this.page.serverError();
    if (field === 'name')
      return controlError(
        this.form.controls.name,
        server && fieldMessage(server, 'name'),
        ACCOUNT_NAME_MESSAGES,
      );
    return controlError(
      this.form.controls.customer_id,
      server && (fieldMessage(server, field) ?? (server.status === 422 ? server.message : null)),
      { required: 'Choose a customer.' },
    );
  }

  private fillForm(account: Account): void {
    this.form.setValue({
      customer_id: String(account.customer_id),
      name: account.name,
      status: account.status,
    });
    this.form.controls.customer_id.disable();
  }
}
