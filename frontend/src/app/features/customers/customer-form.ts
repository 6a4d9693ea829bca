import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { Customer } from '../../core/api/api';
import { fieldMessage } from '../../core/http/api-error';
import { ToastService } from '../../core/toast/toast.service';
import { controlError, FormSubmission, loadErrorMessage } from '../../shared/form-errors';
import { FieldControl, FormField } from '../../shared/form-field';
import { FormPageHeader } from '../../shared/form-page-header';
import { CustomersService } from './customers.service';

type Field = 'name' | 'email';

@Component({
  selector: 'app-customer-form',
  imports: [FieldControl, FormField, FormPageHeader, ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './customer-form.html',
})
export class CustomerForm {
  private readonly customersApi = inject(CustomersService);
  private readonly router = inject(Router);
  private readonly toasts = inject(ToastService);

  /** Route parameter: present when editing. */
  readonly id = input<string>();
  protected readonly editing = computed(() => this.id() !== undefined);

  /** The customer being edited (idle when creating one). */
  private readonly loaded = this.customersApi.resource(() =>
    this.editing() ? Number(this.id()) : undefined,
  );
  protected readonly loading = this.loaded.isLoading;
  protected readonly loadError = loadErrorMessage(
    this.loaded.error,
    'This customer does not exist.',
  );

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

  private readonly submission = new FormSubmission(this.form);
  protected readonly saving = this.submission.saving;
  protected readonly formError = this.submission.formError;
  /** The server's last answer, shown next to its fields until they are edited. */
  protected readonly serverError = this.submission.serverError;

  constructor() {
    // The form is not signal-based: the loaded customer is copied into it once it arrives.
    effect(() => {
      if (this.loaded.hasValue()) this.fillForm(this.loaded.value());
    });
  }

  protected errorFor(field: Field): string | null {
    const server = this.serverError();
    return controlError(this.form.controls[field], server && fieldMessage(server, field, 'email'), {
      required: field === 'name' ? 'Enter a name.' : 'Enter an e-mail address.',
      maxlength: `At most ${field === 'name' ? 255 : 320} characters.`,
    });
  }

  protected saveCustomer(): Promise<void> {
    return this.submission.submit(
      async () => {
        const body = this.form.getRawValue();
        const id = this.id();
        const saved = id
          ? await this.customersApi.update(Number(id), body)
          : await this.customersApi.create(body);
        this.toasts.success(id ? `${saved.name} was saved.` : `${saved.name} was created.`);
        await this.router.navigate(['/customers', saved.id]);
      },
      // A 409 (e-mail taken) shows at the e-mail field; a 401 signs the user out.
      (error) =>
        Object.keys(error.fieldErrors).some((field) => field === 'name' || field === 'email') ||
        error.status === 409 ||
        error.status === 401
          ? null
          : error.message,
    );
  }

  private fillForm({ name, email }: Customer): void {
    this.form.setValue({ name, email });
  }
}
