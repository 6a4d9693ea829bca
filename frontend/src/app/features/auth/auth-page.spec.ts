import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AuthPage } from './auth-page';

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
    const main = (fixture.nativeElement as HTMLElement).querySelector('main')!;
    expect([...main.classList]).toEqual(['auth-page', 'container', 'py-5']);
    expect(main.querySelector('p')!.textContent?.trim()).toBe('Admin portal');
    const card = main.querySelector<HTMLElement>('.card')!;
    expect(card.style.maxWidth).toBe('26rem');
    expect(card.querySelector('.card-body h1')!.textContent).toBe('Sign in');
  });
});
