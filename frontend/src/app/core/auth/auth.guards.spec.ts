import { TestBed } from '@angular/core/testing';
import {
  type ActivatedRouteSnapshot,
  provideRouter,
  type RouterStateSnapshot,
  UrlTree,
} from '@angular/router';
import { provideHttpClient } from '@angular/common/http';
import { signedInGuard, signedOutGuard } from './auth.guards';
import { TOKEN_KEY } from './auth.service';

const run = (guard: typeof signedInGuard, url: string) =>
  TestBed.runInInjectionContext(() =>
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- the guards read only the URL; the snapshot classes have no public constructors
    guard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot),
  );

describe('route guards', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient()] });
  });

  it('sends a signed-out user to sign-in, remembering where they were going', () => {
    const result = run(signedInGuard, '/customers/5');
    expect(result).toBeInstanceOf(UrlTree);
    expect((result as UrlTree).toString()).toBe('/sign-in?returnUrl=%2Fcustomers%2F5');
    expect(run(signedOutGuard, '/sign-in')).toBe(true);
  });

  it('lets a signed-in user in, and keeps them off the sign-in page', () => {
    localStorage.setItem(TOKEN_KEY, 'tok');
    expect(run(signedInGuard, '/customers')).toBe(true);
    expect((run(signedOutGuard, '/sign-in') as UrlTree).toString()).toBe('/');
  });
});
