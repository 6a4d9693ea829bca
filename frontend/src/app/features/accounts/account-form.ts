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
import type { AccountStatus } from '../../core/api/api';
import { ApiError, fieldMessage } from '../../core/http/api-error';
import { ToastService } from '../../core/toast/toast.service';
import { controlError, keepServerError } from '../../shared/form-errors';
import { FormPageHeader } from '../../shared/form-page-header';
import { LoadingSpinner } from '../../shared/loading-spinner';
import { AccountsService } from './accounts.service';
import { CustomerOptions } from './customer-options';

@Component({
  selector: 'app-account-form',
  imports: [FormPageHeader, LoadingSpinner, ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-page-header
      listLabel="Accounts"
      listLink="/accounts"
      noun="account"
      [editing]="editing()"
    />

    @if (loadError(); as error) {
      <div class="alert alert-danger" role="alert">{{ error }}</div>
    } @else if (loading()) {
      <div appLoadingSpinner></div>
    } @else {
      <form
        [formGroup]="form"
        (ngSubmit)="saveAccount()"
        novalidate
        class="card card-body shadow-sm"
        style="max-width: 36rem"
      >
        @if (formError(); as error) {
          <div class="alert alert-danger" role="alert" data-testid="form-error">{{ error }}</div>
        }
        <div class="mb-3">
          <label for="customer" class="form-label">Customer</label>
          <select
            id="customer"
            class="form-select"
            formControlName="customer_id"
            aria-describedby="customer-error"
            [class.is-invalid]="errorFor('customer_id')"
          >
            <option value="">Choose a customer…</option>
            @for (customer of options.customers(); track customer.id) {
              <option [value]="'' + customer.id">{{ customer.name }} ({{ customer.email }})</option>
            }
          </select>
          <div id="customer-error" class="invalid-feedback">{{ errorFor('customer_id') }}</div>
          @if (editing()) {
            <div class="form-text">An account stays with its customer.</div>
          }
        </div>
        <div class="mb-3">
          <label for="name" class="form-label">Name</label>
          <input
            id="name"
            class="form-control"
            formControlName="name"
            placeholder="e.g. Enterprise plan"
            aria-describedby="name-error"
            [class.is-invalid]="errorFor('name')"
          />
          <div id="name-error" class="invalid-feedback">{{ errorFor('name') }}</div>
        </div>
        <fieldset class="mb-3">
          <legend class="form-label fs-6">Status</legend>
          <div class="form-check form-check-inline">
            <input
              class="form-check-input"
              type="radio"
              id="status-active"
              value="active"
              formControlName="status"
            />
            <label class="form-check-label" for="status-active">Active</label>
          </div>
          <div class="form-check form-check-inline">
            <input
              class="form-check-input"
              type="radio"
              id="status-inactive"
              value="inactive"
              formControlName="status"
            />
            <label class="form-check-label" for="status-inactive">Inactive</label>
          </div>
        </fieldset>
        <div class="d-flex gap-2">
          <button type="submit" class="btn btn-primary" [disabled]="saving()">
            {{ editing() ? 'Save changes' : 'Create account' }}
          </button>
          <a class="btn btn-outline-secondary" routerLink="/accounts">Cancel</a>
        </div>
      </form>
    }
  `,
})
export class AccountForm implements OnInit {
  private readonly accountsApi = inject(AccountsService);
  protected readonly options = inject(CustomerOptions);
  private readonly router = inject(Router);
  private readonly toasts = inject(ToastService);

  /** Route parameter when editing; query parameter customer_id preselects the customer. */
  readonly id = input<string>();
  readonly customer_id = input<string>();
  protected readonly editing = computed(() => this.id() !== undefined);

  protected readonly loading = signal(false);
  protected readonly loadError = signal<string | null>(null);
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

  ngOnInit(): void {
    void this.options
      .load()
      .catch((error: unknown) =>
        this.toasts.error(`Could not load customers: ${ApiError.from(error).message}`),
      );
    if (this.editing()) void this.loadAccount();
    else if (/^\d+$/.test(this.customer_id() ?? ''))
      this.form.controls.customer_id.setValue(this.customer_id() as string);
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

  private async loadAccount(): Promise<void> {
    this.loading.set(true);
    try {
      const account = await this.accountsApi.get(Number(this.id()));
      this.form.setValue({
        customer_id: String(account.customer_id),
        name: account.name,
        status: account.status,
      });
      this.form.controls.customer_id.disable();
    } catch (error) {
      const apiError = ApiError.from(error);
      this.loadError.set(
        apiError.status === 404 ? 'This account does not exist.' : apiError.message,
      );
    } finally {
      this.loading.set(false);
    }
  }
}
