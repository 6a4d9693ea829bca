import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * A page's title, with the page's actions (projected) at the other end of the line:
 * `<app-page-header heading="Accounts"><a …>New account</a></app-page-header>`.
 */
@Component({
  selector: 'app-page-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'd-flex flex-wrap align-items-center justify-content-between gap-2 mb-3' },
  template: `
    <h1 class="h3 mb-0">{{ heading() }}</h1>
    <ng-content />
  `,
})
export class PageHeader {
  readonly heading = input.required<string>();
}
