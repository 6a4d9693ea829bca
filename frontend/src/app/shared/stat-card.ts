import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** What one stat card shows; `value` null while loading. */
export interface Stat {
  label: string;
  testId: string;
  value: string | number | null;
}

/** A stat card's content; a value not read yet (undefined) shows as loading. */
export const stat = (label: string, testId: string, value?: string | number | null): Stat => ({
  label,
  testId,
  value: value ?? null,
});

@Component({
  selector: 'app-stat-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'd-block h-100' },
  template: `
    <div class="card h-100 shadow-sm">
      <div class="card-body">
        <h2 class="card-subtitle h6 text-body-secondary mb-2" [id]="testId() + '-label'">
          {{ label() }}
        </h2>
        <p
          class="card-title display-6 mb-0"
          [attr.data-testid]="testId()"
          [attr.aria-labelledby]="testId() + '-label'"
        >
          @if (value() === null) {
            <span class="placeholder col-6 placeholder-wave" aria-hidden="true"></span>
            <span class="visually-hidden">Loading</span>
          } @else {
            {{ value() }}
          }
        </p>
      </div>
    </div>
  `,
})
export class StatCard {
  readonly label = input.required<string>();
  readonly value = input.required<string | number | null>();
  readonly testId = input.required<string>();
}
