import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { FollowerStatus } from '../../core/api/api';

/**
 * A follower's status as a badge: green up, yellow lagging (past REPLICA_MAX_LAG_MS), red down.
 * `<span appFollowerStatusBadge [status]="follower.status"></span>`.
 */
@Component({
  selector: 'span[appFollowerStatusBadge]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'badge',
    '[class.text-bg-success]': "status() === 'up'",
    '[class.text-bg-warning]': "status() === 'lagging'",
    '[class.text-bg-danger]': "status() === 'down'",
  },
  template: `{{ status() }}`,
})
export class FollowerStatusBadge {
  readonly status = input.required<FollowerStatus['status']>();
}
