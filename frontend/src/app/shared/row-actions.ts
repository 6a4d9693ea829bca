import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';

/**
 * The last cell of a table row: an Edit link and a Delete button, both labelled with the row's name
 * for assistive technology. `<td appRowActions [name]="…" [editLink]="[…]" (delete)="…"></td>`
 */
@Component({
  selector: 'td[appRowActions]',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'text-end text-nowrap' },
  template: `
    <a
      class="btn btn-sm btn-outline-secondary me-1"
      [routerLink]="editLink()"
      [attr.aria-label]="'Edit ' + name()"
      >Edit</a
    >
    <button
      type="button"
      class="btn btn-sm btn-outline-danger"
      (click)="delete.emit()"
      [attr.aria-label]="'Delete ' + name()"
    >
      Delete
    </button>
  `,
})
export class RowActions {
  readonly name = input.required<string>();
  readonly editLink = input.required<readonly unknown[]>();
  readonly delete = output();
}
