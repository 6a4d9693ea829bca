import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { LoadingSpinner } from './loading-spinner';
import { query } from '../../testing/dom';

@Component({
  imports: [LoadingSpinner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div appLoadingSpinner></div>`,
})
class Host {}

describe('LoadingSpinner', () => {
  it('is a Bootstrap spinner announced as "Loading"', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const spinner = query(fixture.nativeElement as HTMLElement, 'div');
    expect([...spinner.classList]).toEqual(['spinner-border', 'text-primary']);
    expect(spinner.getAttribute('role')).toBe('status');
    expect(query(spinner, '.visually-hidden').textContent).toBe('Loading');
  });
});
