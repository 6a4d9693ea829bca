import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FormPageHeader } from './form-page-header';
import { query } from '../../testing/dom';

@Component({
  imports: [FormPageHeader],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<app-form-page-header
    listLabel="Accounts"
    listLink="/accounts"
    noun="account"
    [editing]="editing()"
  />`,
})
class Host {
  readonly editing = signal(false);
}

describe('FormPageHeader', () => {
  it('shows the breadcrumb back to the list and the title for creating or editing', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const text = (selector: string) => query(element, selector).textContent.trim();
    const link = query(element, 'nav[aria-label="breadcrumb"] a');
    expect(link.textContent.trim()).toBe('Accounts');
    expect(link.getAttribute('href')).toBe('/accounts');
    expect(text('[aria-current="page"]')).toBe('New');
    expect(text('h1')).toBe('New account');

    fixture.componentInstance.editing.set(true);
    await fixture.whenStable();
    expect(text('[aria-current="page"]')).toBe('Edit');
    expect(text('h1')).toBe('Edit account');
  });
});
