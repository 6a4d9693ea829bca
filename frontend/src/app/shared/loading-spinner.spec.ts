import { ChangeDetectionStrategy, Component } from '@angular/core';
import { LoadingSpinner } from './loading-spinner';
import { query } from '../../testing/dom';
import { renderHost } from '../../testing/render';

@Component({
  imports: [LoadingSpinner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div appLoadingSpinner></div>`,
})
class Host {}

describe('LoadingSpinner', () => {
  it('is a Bootstrap spinner announced as "Loading"', async () => {
    const spinner = query((await renderHost(Host)).element, 'div');
    expect([...spinner.classList]).toEqual(['spinner-border', 'text-primary']);
    expect(spinner.getAttribute('role')).toBe('status');
    expect(query(spinner, '.visually-hidden').textContent).toBe('Loading');
  });
});
