import { ChangeDetectionStrategy, Component } from '@angular/core';
import { AuthPage } from './auth-page';
import { query } from '../../../testing/dom';
import { renderHost } from '../../../testing/render';

@Component({
  imports: [AuthPage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<main
    appAuthPage
    width="26rem"
    heading="Register"
    lead="You become its administrator."
  >
    <form></form>
  </main>`,
})
class Host {}

describe('AuthPage', () => {
  it('frames the content under the product’s name, in a centred card that starts with the page’s title and lead', async () => {
    const main = query((await renderHost(Host)).element, 'main');
    expect([...main.classList]).toEqual(['auth-page', 'container', 'py-5']);
    expect(query(main, 'p').textContent.trim()).toBe('Ledgerline Admin');
    const card = query(main, '.card');
    expect(card.style.maxWidth).toBe('26rem');
    const body = Array.from(query(card, '.card-body').children, (child) => [
      child.tagName,
      child.textContent.trim(),
    ]);
    expect(body).toEqual([
      ['H1', 'Register'],
      ['P', 'You become its administrator.'],
      ['FORM', ''],
    ]);
  });
});
