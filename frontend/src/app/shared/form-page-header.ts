import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
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
        <li class="breadcrumb-item active" aria-current="page">{{ editing() ? 'Edit' : 'New' }}</li>
      </ol>
    </nav>
    <h1 class="h3 mb-3">{{ editing() ? 'Edit' : 'New' }} {{ noun() }}</h1>
    @if (loadError(); as error) {
      <div class="alert alert-danger" role="alert">{{ error }}</div>
    } @else if (loading()) {
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
  /** What is created or edited, in lower case: "account". */
  readonly noun = input.required<string>();
  readonly editing = input.required<boolean>();
  /** Why the edited record could not be loaded; shown instead of the form. */
  readonly loadError = input<string | null>(null);
  /** True while the edited record loads; a spinner stands in for the form. */
  readonly loading = input(false);
}
