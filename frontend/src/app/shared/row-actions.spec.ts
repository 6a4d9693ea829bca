import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RowActions } from './row-actions';
import { query } from '../../testing/dom';
import { renderHost } from '../../testing/render';

@Component({
  imports: [RowActions],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<table>
    <tr>
      <td
        appRowActions
        name="Acme"
        [editLink]="['/customers', 7, 'edit']"
        (delete)="deleted = deleted + 1"
      ></td>
    </tr>
  </table>`,
})
class Host {
  deleted = 0;
}

describe('RowActions', () => {
  it('renders an Edit link and a Delete button labelled with the name', async () => {
    const { fixture, element } = await renderHost(Host);
    const cell = query(element, 'td');
    expect(cell.classList.contains('text-end')).toBe(true);
    expect(cell.classList.contains('text-nowrap')).toBe(true);

    const edit = query(cell, 'a');
    expect(edit.textContent.trim()).toBe('Edit');
    expect(edit.getAttribute('aria-label')).toBe('Edit Acme');
    expect(edit.getAttribute('href')).toBe('/customers/7/edit');

    const remove = query(cell, 'button');
    expect(remove.textContent.trim()).toBe('Delete');
    expect(remove.getAttribute('aria-label')).toBe('Delete Acme');
    remove.click();
    expect(fixture.componentInstance.deleted).toBe(1);
  });
});
