import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { FormPageState } from './form-page';
import { LoadingSpinner } from './loading-spinner';

/**
 * Breadcrumb and title of a create/edit page, e.g. "Accounts / New" and "New account", then the
 * projected form, or instead of it why the edited record could not be loaded, or the spinner
 * while it loads. Laid out as if its elements stood in the page itself.
 */
@Component({
  selector: 'app-form-page-header',
  imports: [LoadingSpinner, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { style: 'display: contents' },
  template: `
    <nav aria-label="breadcrumb">
      <ol class="breadcrumb">
        <li class="breadcrumb-item">
          <a [routerLink]="listLink()">{{ listLabel() }}</a>
        </li>
        <li class="breadcrumb-item active" aria-current="page">{{ action() }}</li>
      </ol>
    </nav>
    <h1 class="h3 mb-3">{{ action() }} {{ page().noun }}</h1>
    @if (page().loadError(); as error) {
      <div class="alert alert-danger" role="alert">{{ error }}</div>
    } @else if (page().loading()) {
      <div appLoadingSpinner></div>
    } @else {
      <ng-content />
    }
  `,
})
export class FormPageHeader {
  /** The list page the breadcrumb leads back to. */
  readonly listLabel = input.required<string>();
  readonly listLink = input.required<string>();
  readonly page = input.required<FormPageState>();

  protected action(): string {
    return this.page().editing() ? 'Edit' : 'New';
  }
}
