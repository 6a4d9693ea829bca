import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { LoadError } from './load-error';
import { LoadingSpinner } from './loading-spinner';
import type { PagedList } from './paged-list';

/**
 * What follows a paged table: why the last page failed (with "Try again"), and "Load more" while
 * the API announces another page. `<app-list-footer [list]="accounts" what="accounts" />`; one
 * markup for every list, so each says it the same way.
 */
@Component({
  selector: 'app-list-footer',
  imports: [LoadError, LoadingSpinner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (list().error(); as error) {
      <div appLoadError [what]="what()" [error]="error" (retry)="list().reload()"></div>
    }
    @if (list().hasMore()) {
      <div class="text-center">
        <button
          type="button"
          class="btn btn-outline-primary"
          [class.btn-sm]="small()"
          (click)="list().loadMore()"
          [disabled]="list().loading()"
          data-testid="load-more"
        >
          @if (list().loading()) {
            <span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>
          }
          Load more
        </button>
      </div>
    } @else if (spinnerWhileEmpty() && list().loading() && list().items().length === 0) {
      <div class="text-center py-3">
        <span appLoadingSpinner></span>
      </div>
    }
  `,
})
export class ListFooter {
  readonly list = input.required<PagedList<unknown, unknown>>();
  /** The error sentence's object: "Could not load <what>: …". */
  readonly what = input.required<string>();
  /** A smaller "Load more", for a list inside a page section. */
  readonly small = input(false);
  /** Shows the page spinner while the first page loads (for tables without a loading row). */
  readonly spinnerWhileEmpty = input(false);
}
