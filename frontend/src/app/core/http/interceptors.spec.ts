import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { AuthService, TOKEN_KEY, USER_KEY } from '../auth/auth.service';
import { API_BASE_URL } from './api-base-url';
import { ApiError } from './api-error';
import { authInterceptor } from './auth.interceptor';
import { baseUrlInterceptor } from './base-url.interceptor';
import { errorInterceptor } from './error.interceptor';

function setup(token: string | null, baseUrl = '') {
  localStorage.clear();
  if (token) {
    localStorage.setItem(TOKEN_KEY, token);
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

describe('HTTP interceptors', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

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

  it('signs out and returns to sign-in with a message on a 401', async () => {
    const { http, backend, auth, navigate } = setup('expired');
    const done = firstValueFrom(http.get('/api/customers'));
    backend
      .expectOne('/api/customers')
      .flush(
        { error: 'Invalid or expired token', status_code: 401 },
        { status: 401, statusText: 'Unauthorized' },
      );
    await expect(done).rejects.toBeInstanceOf(ApiError);
    expect(auth.signedIn()).toBe(false);
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(auth.notice()).toMatch(/session has ended/);
    expect(navigate).toHaveBeenCalledWith('/sign-in');
  });

  it('does not sign out on other errors, nor on a failed sign-in', async () => {
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
    expect(auth.signedIn()).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
  });
});
