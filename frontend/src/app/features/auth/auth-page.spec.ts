import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AuthPage } from './auth-page';
import { query } from '../../../testing/dom';

@Component({
  imports: [AuthPage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<main appAuthPage width="26rem"><h1 class="h3">Sign in</h1></main>`,
})
class Host {}

describe('AuthPage', () => {
  it('frames the content in the portal’s centred card', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const main = query(fixture.nativeElement as HTMLElement, 'main');
    expect([...main.classList]).toEqual(['auth-page', 'container', 'py-5']);
    expect(query(main, 'p').textContent.trim()).toBe('Admin portal');
    const card = query(main, '.card');
    expect(card.style.maxWidth).toBe('26rem');
    expect(query(card, '.card-body h1').textContent).toBe('Sign in');
  });
});
