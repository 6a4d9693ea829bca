import { booleanAttribute, ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ChartConfiguration, ChartType } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';

/**
 * One dashboard chart: a fixed-height canvas described for assistive technology by `summary`, or a
 * placeholder of the same size while its data is loading (`data` null).
 */
@Component({
  selector: 'app-chart-box',
  imports: [BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'd-block' },
  template: `
    @if (data(); as data) {
      <div class="chart-box" [class.chart-box-wide]="wide()">
        <canvas
          baseChart
          [type]="type()"
          [data]="data"
          [options]="options()"
          role="img"
          [attr.aria-label]="summary()"
        ></canvas>
      </div>
    } @else {
      <div class="chart-box placeholder-glow" [class.chart-box-wide]="wide()">
        <span class="placeholder w-100 h-100"></span>
      </div>
    }
  `,
  styles: `
    .chart-box {
      position: relative;
      height: 260px;
    }
    .chart-box-wide {
      height: 300px;
    }
  `,
})
export class ChartBox<T extends ChartType> {
  readonly type = input.required<T>();
  readonly data = input.required<ChartConfiguration<T>['data'] | null>();
  readonly options = input.required<ChartConfiguration<T>['options']>();
  readonly summary = input.required<string>();
  /** The full-width chart is a little taller. */
  readonly wide = input(false, { transform: booleanAttribute });
}
