import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { FormPageHeader } from './form-page-header';
import { SubmitButton } from './submit-button';

/**
 * The form of a create/edit page, inside its `app-form-page-header` (whose page it shows): a card
 * with why the last save failed above the projected fields, "Create <noun>" (or "Save changes")
 * and Cancel below them.
 * `<form appFormCard [formGroup]="form" (ngSubmit)="page.save()" cancelLink="/accounts">`
 */
@Component({
  selector: 'form[appFormCard]',
  imports: [RouterLink, SubmitButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'card card-body shadow-sm', style: 'max-width: 36rem' },
  template: `
    @if (page().formError(); as error) {
      <div class="alert alert-danger" role="alert" data-testid="form-error">{{ error }}</div>
    }
    <ng-content />
    <div class="d-flex gap-2">
      <button appSubmitButton [busy]="page().saving()">
        {{ page().editing() ? 'Save changes' : 'Create ' + page().noun }}
      </button>
      <a class="btn btn-outline-secondary" [routerLink]="cancelLink()">Cancel</a>
    </div>
  `,
})
export class FormCard {
  protected readonly page = inject(FormPageHeader).page;
  /** Where Cancel leads: the list, or the record's own page. */
  readonly cancelLink = input.required<string | readonly unknown[]>();
}
