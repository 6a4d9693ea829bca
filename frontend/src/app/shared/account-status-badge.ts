import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { AccountStatus } from '../core/api/api';

/** An account's status as a badge: `<span appAccountStatusBadge [status]="account.status"></span>`. */
@Component({
  selector: 'span[appAccountStatusBadge]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'badge',
    '[class.text-bg-success]': "status() === 'active'",
    '[class.text-bg-secondary]': "status() === 'inactive'",
  },
  template: `{{ status() }}`,
})
export class AccountStatusBadge {
  readonly status = input.required<AccountStatus>();
}
