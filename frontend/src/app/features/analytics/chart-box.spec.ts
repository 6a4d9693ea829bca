import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import type { ChartConfiguration } from 'chart.js';
import { provideCharts, withDefaultRegisterables } from 'ng2-charts';
import { ChartBox } from './chart-box';
import { query } from '../../../testing/dom';
import { renderHost } from '../../../testing/render';

@Component({
  imports: [ChartBox],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<app-chart-box
    type="bar"
    [data]="data()"
    [options]="{ animation: false }"
    summary="Bar chart: 2 customers with 1 account"
    wide
  />`,
})
class Host {
  readonly data = signal<ChartConfiguration<'bar'>['data'] | null>(null);
}

describe('ChartBox', () => {
  it('keeps the space with a placeholder, then draws a described canvas', async () => {
    const { fixture, element } = await renderHost(Host, [
      provideCharts(withDefaultRegisterables()),
    ]);
    const box = () => query(element, '.chart-box');
    expect(box().classList.contains('placeholder-glow')).toBe(true);
    expect(box().classList.contains('chart-box-wide')).toBe(true);
    expect(element.querySelector('canvas')).toBeNull();

    fixture.componentInstance.data.set({ labels: ['1 account'], datasets: [{ data: [2] }] });
    await fixture.whenStable();
    expect(box().classList.contains('placeholder-glow')).toBe(false);
    expect(box().classList.contains('chart-box-wide')).toBe(true);
    const canvas = query(element, 'canvas');
    expect(canvas.getAttribute('role')).toBe('img');
    expect(canvas.getAttribute('aria-label')).toBe('Bar chart: 2 customers with 1 account');
  });
});
