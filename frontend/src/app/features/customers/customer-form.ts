import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { fieldMessage } from '../../core/http/api-error';
import { controlError } from '../../shared/form-errors';
import { FieldControl, FormField } from '../../shared/form-field';
import { FormCard } from '../../shared/form-card';
import { FormPage } from '../../shared/form-page';
import { FormPageHeader } from '../../shared/form-page-header';
import { CustomersService } from './customers.service';

type Field = 'name' | 'email';

@Component({
  selector: 'app-customer-form',
  imports: [FieldControl, FormCard, FormField, FormPageHeader, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './customer-form.html',
})
export class CustomerForm {
  private readonly customersApi = inject(CustomersService);

  /** Route parameter: present when editing. */
  readonly id = input<string>();

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
  protected readonly page = new FormPage(this.form, {
    id: this.id,
    api: this.customersApi,
    fill: ({ name, email }) => {
      this.form.setValue({ name, email });
    },
    created: () => this.form.getRawValue(),
    updated: () => this.form.getRawValue(),
    savedUrl: (customer) => `/customers/${customer.id}`,
    // A 409 (e-mail taken) shows at the e-mail field.
    shownAtField: (error) => error.status === 409,
  });

  protected errorFor(field: Field): string | null {
    const server = this.page.serverError();
    return controlError(this.form.controls[field], server && fieldMessage(server, field, 'email'), {
      required: field === 'name' ? 'Enter a name.' : 'Enter an e-mail address.',
      maxlength: `At most ${field === 'name' ? 255 : 320} characters.`,
    });
  }
}
