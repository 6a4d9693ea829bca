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
import { ApiError, fieldMessage } from '../../core/http/api-error';
import { ToastService } from '../../core/toast/toast.service';
import { controlError, keepServerError } from '../../shared/form-errors';
import { FormPageHeader } from '../../shared/form-page-header';
import { LoadingSpinner } from '../../shared/loading-spinner';
import { CustomersService } from './customers.service';

type Field = 'name' | 'email';

@Component({
  selector: 'app-customer-form',
  imports: [FormPageHeader, LoadingSpinner, ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-form-page-header
      listLabel="Customers"
      listLink="/customers"
      noun="customer"
      [editing]="editing()"
    />

    @if (loadError(); as error) {
      <div class="alert alert-danger" role="alert">{{ error }}</div>
    } @else if (loading()) {
      <div appLoadingSpinner></div>
    } @else {
      <form
        [formGroup]="form"
        (ngSubmit)="saveCustomer()"
        novalidate
        class="card card-body shadow-sm"
        style="max-width: 36rem"
      >
        @if (formError(); as error) {
          <div class="alert alert-danger" role="alert" data-testid="form-error">{{ error }}</div>
        }
        <div class="mb-3">
          <label for="name" class="form-label">Name</label>
          <input
            id="name"
            class="form-control"
            formControlName="name"
            autocomplete="organization"
            aria-describedby="name-error"
            [class.is-invalid]="errorFor('name')"
            [attr.aria-invalid]="!!errorFor('name')"
          />
          <div id="name-error" class="invalid-feedback" data-testid="name-error">
            {{ errorFor('name') }}
          </div>
        </div>
        <div class="mb-3">
          <label for="email" class="form-label">E-mail</label>
          <input
            id="email"
            class="form-control"
            formControlName="email"
            autocomplete="email"
            inputmode="email"
            aria-describedby="email-error"
            [class.is-invalid]="errorFor('email')"
            [attr.aria-invalid]="!!errorFor('email')"
          />
          <div id="email-error" class="invalid-feedback" data-testid="email-error">
            {{ errorFor('email') }}
          </div>
        </div>
        <div class="d-flex gap-2">
          <button type="submit" class="btn btn-primary" [disabled]="saving()">
            @if (saving()) {
              <span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>
            }
            {{ editing() ? 'Save changes' : 'Create customer' }}
          </button>
          <a
            class="btn btn-outline-secondary"
            [routerLink]="editing() ? ['/customers', id()] : ['/customers']"
            >Cancel</a
          >
        </div>
      </form>
    }
  `,
})
export class CustomerForm implements OnInit {
  private readonly customersApi = inject(CustomersService);
  private readonly router = inject(Router);
  private readonly toasts = inject(ToastService);

  /** Route parameter: present when editing. */
  readonly id = input<string>();
  protected readonly editing = computed(() => this.id() !== undefined);

  protected readonly loading = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  /** The server's last answer, shown next to its fields until they are edited. */
  protected readonly serverError = signal<ApiError | null>(null);

  /**
   * No client-side e-mail format check on purpose: the server is the judge (it trims and
   * lower-cases), and its 400 message is shown next to the field.
   */
  protected readonly form = new FormGroup({
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(255)],
    }),
    email: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(320)],
    }),
  });

  ngOnInit(): void {
    if (this.editing()) void this.loadCustomer();
  }

  protected errorFor(field: Field): string | null {
    const server = this.serverError();
    return controlError(this.form.controls[field], server && fieldMessage(server, field, 'email'), {
      required: field === 'name' ? 'Enter a name.' : 'Enter an e-mail address.',
      maxlength: `At most ${field === 'name' ? 255 : 320} characters.`,
    });
  }

  protected async saveCustomer(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    this.saving.set(true);
    this.formError.set(null);
    this.serverError.set(null);
    try {
      const body = this.form.getRawValue();
      const id = this.id();
      const saved = id
        ? await this.customersApi.update(Number(id), body)
        : await this.customersApi.create(body);
      this.toasts.success(id ? `${saved.name} was saved.` : `${saved.name} was created.`);
      await this.router.navigate(['/customers', saved.id]);
    } catch (error) {
      const apiError = keepServerError(this.form, this.serverError, error);
      const shownAtField =
        Object.keys(apiError.fieldErrors).some((field) => field === 'name' || field === 'email') ||
        apiError.status === 409;
      if (!shownAtField && apiError.status !== 401) this.formError.set(apiError.message);
    } finally {
      this.saving.set(false);
    }
  }

  private async loadCustomer(): Promise<void> {
    this.loading.set(true);
    try {
      const customer = await this.customersApi.get(Number(this.id()));
      this.form.setValue({ name: customer.name, email: customer.email });
    } catch (error) {
      this.loadError.set(
        ApiError.from(error).status === 404
          ? 'This customer does not exist.'
          : ApiError.from(error).message,
      );
    } finally {
      this.loading.set(false);
    }
  }
}
