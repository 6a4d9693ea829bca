import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { type Stat, StatCard } from './stat-card';

/**
 * A row of stat cards, one column each (the grid's columns are the section's classes):
 * `<section appStatCards aria-label="Totals" class="row row-cols-3 g-3" [stats]="stats()">`.
 */
@Component({
  selector: 'section[appStatCards]',
  imports: [StatCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (stat of stats(); track stat.testId) {
      <div class="col">
        <app-stat-card [label]="stat.label" [testId]="stat.testId" [value]="stat.value" />
      </div>
    }
  `,
})
export class StatCards {
  readonly stats = input.required<readonly Stat[]>();
}
