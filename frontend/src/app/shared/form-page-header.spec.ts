import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { FormCard } from './form-card';
import type { FormPageState } from './form-page';
import { FormPageHeader } from './form-page-header';
import { query } from '../../testing/dom';
import { renderHost } from '../../testing/render';

@Component({
  imports: [FormCard, FormPageHeader, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<app-form-page-header listLabel="Accounts" listLink="/accounts" [page]="page">
    <form
      appFormCard
      [formGroup]="form"
      (ngSubmit)="submitted = submitted + 1"
      cancelLink="/accounts"
    >
      <input formControlName="name" data-testid="the-field" />
    </form>
  </app-form-page-header>`,
})
class Host {
  readonly form = new FormGroup({ name: new FormControl('') });
  readonly page = {
    noun: 'account',
    editing: signal(false),
    loading: signal(false),
    loadError: signal<string | null>(null),
    saving: signal(false),
    formError: signal<string | null>(null),
  } satisfies FormPageState;
  submitted = 0;
}

describe('FormPageHeader and FormCard', () => {
  it('show the breadcrumb back to the list, the title and the buttons for creating or editing', async () => {
    const { fixture, element } = await renderHost(Host);
    const text = (selector: string) => query(element, selector).textContent.trim();
    const link = query(element, 'nav[aria-label="breadcrumb"] a');
    expect(link.textContent.trim()).toBe('Accounts');
    expect(link.getAttribute('href')).toBe('/accounts');
    expect(text('[aria-current="page"]')).toBe('New');
    expect(text('h1')).toBe('New account');
    expect(text('button[type="submit"]')).toBe('Create account');
    expect(query(element, 'form a').getAttribute('href')).toBe('/accounts');

    fixture.componentInstance.page.editing.set(true);
    await fixture.whenStable();
    expect(text('[aria-current="page"]')).toBe('Edit');
    expect(text('h1')).toBe('Edit account');
    expect(text('button[type="submit"]')).toBe('Save changes');
  });

  it('show the spinner while the record loads, the load error instead of the form, else the form', async () => {
    const { fixture, element } = await renderHost(Host);
    const { page } = fixture.componentInstance;
    const form = () => element.querySelector('[data-testid="the-field"]');
    page.loading.set(true);
    await fixture.whenStable();
    expect(element.querySelector('[role="status"]')).not.toBeNull();
    expect(form()).toBeNull();

    page.loading.set(false);
    await fixture.whenStable();
    expect(element.querySelector('[role="status"]')).toBeNull();
    expect(form()).not.toBeNull();

    page.loadError.set('This account does not exist.');
    await fixture.whenStable();
    expect(query(element, '[role="alert"]').textContent.trim()).toBe(
      'This account does not exist.',
    );
    expect(form()).toBeNull();
  });

  it('show why the save failed above the fields, and keep the button busy while saving', async () => {
    const { fixture, element, submit } = await renderHost(Host);
    const { page } = fixture.componentInstance;
    submit();
    expect(fixture.componentInstance.submitted).toBe(1);
    page.formError.set('Request failed (500 Internal Server Error)');
    page.saving.set(true);
    await fixture.whenStable();
    const alert = query(element, '[data-testid="form-error"]');
    expect(alert.textContent.trim()).toBe('Request failed (500 Internal Server Error)');
    expect(alert.nextElementSibling?.getAttribute('data-testid')).toBe('the-field');
    const button = query<HTMLButtonElement>(element, 'button[type="submit"]');
    expect(button.disabled).toBe(true);
    expect(button.querySelector('.spinner-border')).not.toBeNull();
  });
});
