import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import type { AccountStatus } from '../core/api/api';
import { AccountStatusBadge } from './account-status-badge';
import { query } from '../../testing/dom';
import { renderHost } from '../../testing/render';

@Component({
  imports: [AccountStatusBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span appAccountStatusBadge [status]="status()"></span>`,
})
class Host {
  readonly status = signal<AccountStatus>('active');
}

describe('AccountStatusBadge', () => {
  it('shows the status on a green badge when active and a grey one when inactive', async () => {
    const { fixture, element } = await renderHost(Host);
    const badge = query(element, 'span');
    expect(badge.textContent.trim()).toBe('active');
    expect(badge.className).toBe('badge text-bg-success');

    fixture.componentInstance.status.set('inactive');
    await fixture.whenStable();
    expect(badge.textContent.trim()).toBe('inactive');
    expect(badge.classList.contains('badge')).toBe(true);
    expect(badge.classList.contains('text-bg-secondary')).toBe(true);
    expect(badge.classList.contains('text-bg-success')).toBe(false);
  });
});
