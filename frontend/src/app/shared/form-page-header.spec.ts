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
    [loadError]="loadError()"
    [loading]="loading()"
    ><form data-testid="the-form"></form
  ></app-form-page-header>`,
})
class Host {
  readonly editing = signal(false);
  readonly loadError = signal<string | null>(null);
  readonly loading = signal(false);
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

  it('shows the spinner while the record loads, the load error instead of the form, else the form', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.loading.set(true);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const form = () => element.querySelector('[data-testid="the-form"]');
    expect(element.querySelector('[role="status"]')).not.toBeNull();
    expect(form()).toBeNull();

    fixture.componentInstance.loading.set(false);
    await fixture.whenStable();
    expect(element.querySelector('[role="status"]')).toBeNull();
    expect(form()).not.toBeNull();

    fixture.componentInstance.loadError.set('This account does not exist.');
    await fixture.whenStable();
    expect(query(element, '[role="alert"]').textContent.trim()).toBe(
      'This account does not exist.',
    );
    expect(form()).toBeNull();
  });
});
