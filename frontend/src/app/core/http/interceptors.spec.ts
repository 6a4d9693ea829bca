import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { AuthService, REFRESH_TOKEN_KEY, TOKEN_KEY, USER_KEY } from '../auth/auth.service';
import { API_BASE_URL } from './api-base-url';
import { ApiError } from './api-error';
import { authInterceptor } from './auth.interceptor';
import { baseUrlInterceptor } from './base-url.interceptor';
import { errorInterceptor } from './error.interceptor';

function setup(token: string | null, baseUrl = '') {
  localStorage.clear();
  if (token) {
    localStorage.setItem(TOKEN_KEY, token);
    localStorage.setItem(REFRESH_TOKEN_KEY, `refresh-of-${token}`);
    localStorage.setItem(
      USER_KEY,
      JSON.stringify({ id: 1, username: 'ann', role: 'admin', organization_id: 1 }),
    );
  }
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      { provide: API_BASE_URL, useValue: baseUrl },
      provideHttpClient(withInterceptors([baseUrlInterceptor, authInterceptor, errorInterceptor])),
      provideHttpClientTesting(),
    ],
  });
  const router = TestBed.inject(Router);
  const navigate = vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
  return {
    http: TestBed.inject(HttpClient),
    backend: TestBed.inject(HttpTestingController),
    auth: TestBed.inject(AuthService),
    navigate,
  };
}

const unauthorized = [
  { error: 'Invalid or expired token', status_code: 401 },
  { status: 401, statusText: 'Unauthorized' },
] as const;

const pair = (token: string) => ({
  token,
  token_type: 'Bearer',
  expires_in: 900,
  refresh_token: `refresh-of-${token}`,
  refresh_expires_in: 2592000,
});

/** Lets the interceptors' promise-based steps (the refresh) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('HTTP interceptors', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('prefixes the base URL and sends the token as a Bearer header', async () => {
    const { http, backend } = setup('tok-1', 'https://api.example');
    const done = firstValueFrom(http.get('/api/customers'));
    const request = backend.expectOne('https://api.example/api/customers');
    expect(request.request.headers.get('Authorization')).toBe('Bearer tok-1');
    request.flush([]);
    await expect(done).resolves.toEqual([]);
  });

  it('sends no Authorization header when signed out', () => {
    const { http, backend } = setup(null);
    http.get('/health').subscribe();
    expect(backend.expectOne('/health').request.headers.has('Authorization')).toBe(false);
  });

  it('on concurrent 401s refreshes once, then retries every request with the new token', async () => {
    const { http, backend, auth, navigate } = setup('old');
    const customers = firstValueFrom(http.get('/api/customers'));
    const accounts = firstValueFrom(http.get('/api/accounts'));
    backend.expectOne('/api/customers').flush(...unauthorized);
    backend.expectOne('/api/accounts').flush(...unauthorized);
    await settle();

    const refresh = backend.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({ refresh_token: 'refresh-of-old' });
    expect(refresh.request.headers.has('Authorization')).toBe(false);
    refresh.flush(pair('new'));
    await settle();

    const retried = [backend.expectOne('/api/customers'), backend.expectOne('/api/accounts')];
    for (const request of retried)
      expect(request.request.headers.get('Authorization')).toBe('Bearer new');
    retried[0].flush([{ id: 1 }]);
    retried[1].flush([{ id: 2 }]);
    await expect(customers).resolves.toEqual([{ id: 1 }]);
    await expect(accounts).resolves.toEqual([{ id: 2 }]);
    backend.expectNone('/api/auth/refresh');

    expect(auth.token()).toBe('new');
    expect(localStorage.getItem(TOKEN_KEY)).toBe('new');
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-of-new');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('signs out with a message when the refresh is refused (revoked or expired session)', async () => {
    const { http, backend, auth, navigate } = setup('expired');
    const done = firstValueFrom(http.get('/api/customers'));
    backend.expectOne('/api/customers').flush(...unauthorized);
    await settle();
    backend.expectOne('/api/auth/refresh').flush(
      {
        error: 'Refresh token already used: the session has been revoked, sign in again',
        status_code: 401,
      },
      { status: 401, statusText: 'Unauthorized' },
    );
    await expect(done).rejects.toBeInstanceOf(ApiError);
    await expect(done).rejects.toMatchObject({ status: 401 });
    expect(auth.signedIn()).toBe(false);
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(auth.notice()).toMatch(/session has ended/);
    expect(navigate).toHaveBeenCalledWith('/sign-in');
  });

  it('stays signed in when the refresh fails for want of a network', async () => {
    const { http, backend, auth } = setup('old');
    const done = firstValueFrom(http.get('/api/customers'));
    backend.expectOne('/api/customers').flush(...unauthorized);
    await settle();
    backend.expectOne('/api/auth/refresh').error(new ProgressEvent('error'));
    await expect(done).rejects.toMatchObject({ status: 401 });
    expect(auth.signedIn()).toBe(true);
  });

  it('uses a token another tab already refreshed instead of spending the refresh token again', async () => {
    const { http, backend } = setup('old');
    const done = firstValueFrom(http.get('/api/customers'));
    localStorage.setItem(TOKEN_KEY, 'from-other-tab');
    backend.expectOne('/api/customers').flush(...unauthorized);
    await settle();
    backend.expectNone('/api/auth/refresh');
    const retry = backend.expectOne('/api/customers');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer from-other-tab');
    retry.flush([]);
    await expect(done).resolves.toEqual([]);
  });

  it('signing out revokes the session on the server', () => {
    const { auth, backend, navigate } = setup('tok-1');
    auth.signOut('You are signed out.');
    const logout = backend.expectOne('/api/auth/logout');
    expect(logout.request.method).toBe('POST');
    expect(logout.request.headers.get('Authorization')).toBe('Bearer tok-1');
    logout.flush(null, { status: 204, statusText: 'No Content' });
    expect(auth.signedIn()).toBe(false);
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/sign-in');
  });

  it('does not refresh or sign out on other errors, nor on a failed sign-in', async () => {
    const { http, backend, auth, navigate } = setup('good');
    const failed = firstValueFrom(http.get('/api/customers/9'));
    backend
      .expectOne('/api/customers/9')
      .flush(
        { error: 'Customer not found', status_code: 404 },
        { status: 404, statusText: 'Not Found' },
      );
    await expect(failed).rejects.toMatchObject({ status: 404, message: 'Customer not found' });
    const login = firstValueFrom(http.post('/api/auth/login', {}));
    backend
      .expectOne('/api/auth/login')
      .flush(
        { error: 'Invalid credentials', status_code: 401 },
        { status: 401, statusText: 'Unauthorized' },
      );
    await expect(login).rejects.toMatchObject({ status: 401 });
    await settle();
    backend.expectNone('/api/auth/refresh');
    expect(auth.signedIn()).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
  });
});
