import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';

/**
 * Breadcrumb and title of a create/edit page, e.g. "Accounts / New" and "New account".
 * Laid out as if its two elements stood in the page itself.
 */
@Component({
  selector: 'app-form-page-header',
  imports: [RouterLink],
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
  `,
})
export class FormPageHeader {
  /** The list page the breadcrumb leads back to. */
  readonly listLabel = input.required<string>();
  readonly listLink = input.required<string>();
  /** What is created or edited, in lower case: "account". */
  readonly noun = input.required<string>();
  readonly editing = input.required<boolean>();
}
