import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  type OnInit,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { Account, AccountStatus } from '../../core/api/api';
import { fieldMessage } from '../../core/http/api-error';
import { ToastService } from '../../core/toast/toast.service';
import { ApiErrorMessage } from '../../shared/api-error-message';
import { controlError, FormSubmission, loadErrorMessage } from '../../shared/form-errors';
import { FieldControl, FormField } from '../../shared/form-field';
import { FormPageHeader } from '../../shared/form-page-header';
import { AccountsService } from './accounts.service';
import { CustomerSelect } from '../customers/customer-select';
import { CustomersService } from '../customers/customers.service';

@Component({
  selector: 'app-account-form',
  imports: [
    ApiErrorMessage,
    CustomerSelect,
    FieldControl,
    FormField,
    FormPageHeader,
    ReactiveFormsModule,
    RouterLink,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './account-form.html',
})
export class AccountForm implements OnInit {
  private readonly accountsApi = inject(AccountsService);
  private readonly router = inject(Router);
  private readonly toasts = inject(ToastService);

  /** Route parameter when editing; query parameter customer_id preselects the customer. */
  readonly id = input<string>();
  readonly customer_id = input<string>();
  protected readonly editing = computed(() => this.id() !== undefined);

  protected readonly options = inject(CustomersService).optionsResource();
  /** The status radio buttons (ids `status-<value>`, which the tests use). */
  protected readonly statuses: readonly { value: AccountStatus; label: string }[] = [
    { value: 'active', label: 'Active' },
    { value: 'inactive', label: 'Inactive' },
  ];
  /** The account being edited (idle when creating one). */
  private readonly loaded = this.accountsApi.resource(() =>
    this.editing() ? Number(this.id()) : undefined,
  );
  protected readonly loading = this.loaded.isLoading;
  protected readonly loadError = loadErrorMessage(
    this.loaded.error,
    'This account does not exist.',
  );
  protected readonly form = new FormGroup({
    customer_id: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(255)],
    }),
    status: new FormControl<AccountStatus>('active', { nonNullable: true }),
  });

  private readonly submission = new FormSubmission(this.form);
  protected readonly saving = this.submission.saving;
  protected readonly formError = this.submission.formError;
  protected readonly serverError = this.submission.serverError;

  constructor() {
    // The form is not signal-based: the loaded account is copied into it once it arrives.
    effect(() => {
      if (this.loaded.hasValue()) this.fillForm(this.loaded.value());
    });
  }

  ngOnInit(): void {
    const customerId = this.customer_id() ?? '';
    if (!this.editing() && /^\d+$/.test(customerId))
      this.form.controls.customer_id.setValue(customerId);
  }

  protected errorFor(field: 'customer_id' | 'name'): string | null {
    const server = this.serverError();
    return controlError(
      this.form.controls[field],
      server &&
        (fieldMessage(server, field) ??
          (field === 'customer_id' && server.status === 422 ? server.message : null)),
      {
        required: field === 'name' ? 'Enter a name.' : 'Choose a customer.',
        maxlength: 'At most 255 characters.',
      },
    );
  }

  protected saveAccount(): Promise<void> {
    return this.submission.submit(
      async () => {
        const { customer_id, name, status } = this.form.getRawValue();
        const id = this.id();
        const saved = id
          ? await this.accountsApi.update(Number(id), { name: name.trim(), status })
          : await this.accountsApi.create({
              customer_id: Number(customer_id),
              name: name.trim(),
              status,
            });
        this.toasts.success(
          id ? `Account ${saved.name} was saved.` : `Account ${saved.name} was created.`,
        );
        await this.router.navigate(['/accounts'], {
          queryParams: { customer_id: saved.customer_id },
        });
      },
      // A 422 (unknown customer) shows at the customer field; a 401 signs the user out.
      (error) =>
        Object.keys(error.fieldErrors).length > 0 || error.status === 422 || error.status === 401
          ? null
          : error.message,
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
