import { FormControl, Validators } from '@angular/forms';
import type { AccountStatus } from '../../core/api/api';

/** An account's name and status, for the account form and a customer's "Add an account". */
export function accountControls() {
  return {
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(255)],
    }),
    status: new FormControl<AccountStatus>('active', { nonNullable: true }),
  };
}

/** The name field's messages, per failing validator (see controlError). */
export const ACCOUNT_NAME_MESSAGES = {
  required: 'Enter a name.',
  maxlength: 'At most 255 characters.',
} as const;

/** The statuses, as offered (ids `status-<value>` on the form's radio buttons). */
export const ACCOUNT_STATUSES: readonly { value: AccountStatus; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
];
