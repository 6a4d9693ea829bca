import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  type OnInit,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { Account, AccountStatus } from '../../core/api/api';
import { ApiError, fieldMessage } from '../../core/http/api-error';
import { ToastService } from '../../core/toast/toast.service';
import { ApiErrorMessage } from '../../shared/api-error-message';
import { controlError, keepServerError } from '../../shared/form-errors';
import { FormPageHeader } from '../../shared/form-page-header';
import { LoadingSpinner } from '../../shared/loading-spinner';
import { AccountsService } from './accounts.service';
import { CustomersService } from '../customers/customers.service';

@Component({
  selector: 'app-account-form',
  imports: [ApiErrorMessage, FormPageHeader, LoadingSpinner, ReactiveFormsModule, RouterLink],
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
  /** The account being edited (idle when creating one). */
  private readonly loaded = this.accountsApi.accountResource(() =>
    this.editing() ? Number(this.id()) : undefined,
  );
  protected readonly loading = this.loaded.isLoading;
  protected readonly loadError = computed(() => {
    const error = this.loaded.error();
    if (!error) return null;
    const apiError = ApiError.from(error);
    return apiError.status === 404 ? 'This account does not exist.' : apiError.message;
  });
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly serverError = signal<ApiError | null>(null);
  protected readonly form = new FormGroup({
    customer_id: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(255)],
    }),
    status: new FormControl<AccountStatus>('active', { nonNullable: true }),
  });

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

  protected async saveAccount(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    this.saving.set(true);
    this.formError.set(null);
    this.serverError.set(null);
    try {
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
    } catch (error) {
      const apiError = keepServerError(this.form, this.serverError, error);
      const atField = Object.keys(apiError.fieldErrors).length > 0 || apiError.status === 422;
      if (!atField && apiError.status !== 401) this.formError.set(apiError.message);
    } finally {
      this.saving.set(false);
    }
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
