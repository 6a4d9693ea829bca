import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, firstValueFrom, type Observable, of } from 'rxjs';
import { ApiError } from '../http/api-error';
import type {
  DemoLogin,
  LoginResponse,
  RefreshRequest,
  RegisterRequest,
  RegisterResponse,
  TokenPair,
  User,
} from '../api/api';

/** Kept like the seed's client kept it: localStorage, so a reload stays signed in. */
export const TOKEN_KEY = 'token';
export const REFRESH_TOKEN_KEY = 'refresh_token';
export const USER_KEY = 'user';

export const SESSION_ENDED = 'Your session has ended. Please sign in again.';

/** Calls that must never carry the session's token nor trigger a refresh. */
export const SESSIONLESS_PATHS = ['/api/auth/login', '/api/auth/register', '/api/auth/refresh'];

function readStoredUser(): User | null {
  try {
    return JSON.parse(localStorage.getItem(USER_KEY) ?? 'null') as User | null;
  } catch {
    return null;
  }
}

@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);

  private readonly tokenState = signal<string | null>(localStorage.getItem(TOKEN_KEY));
  private readonly userState = signal<User | null>(readStoredUser());
  private readonly noticeState = signal<string | null>(null);
  /** The refresh in flight: concurrent 401s wait for this one instead of starting their own. */
  private refreshing: Promise<string> | null = null;

  readonly token = this.tokenState.asReadonly();
  readonly user = this.userState.asReadonly();
  readonly signedIn = computed(() => this.tokenState() !== null);
  /** A message for the sign-in page (why the user is there), read once. */
  readonly notice = this.noticeState.asReadonly();

  constructor() {
    // Tabs share localStorage: a token another tab refreshed (or removed by signing out) is
    // this tab's too, so it never presents a refresh token that another tab already spent.
    window.addEventListener('storage', (event) => {
      if (event.key !== TOKEN_KEY && event.key !== null) return;
      this.tokenState.set(localStorage.getItem(TOKEN_KEY));
      this.userState.set(readStoredUser());
    });
  }

  async signIn(username: string, password: string): Promise<User> {
    const response = await firstValueFrom(
      this.http.post<LoginResponse>('/api/auth/login', { username, password }),
    );
    this.storeTokens(response);
    localStorage.setItem(USER_KEY, JSON.stringify(response.user));
    this.userState.set(response.user);
    this.noticeState.set(null);
    return response.user;
  }

  /**
   * The demo data's sign-in (GET /api/auth/demo-login), for the sign-in page's hint: null when the
   * server has none (404: no demo data, or its password was changed) or cannot say.
   */
  demoLogin(): Observable<DemoLogin | null> {
    return this.http.get<DemoLogin>('/api/auth/demo-login').pipe(catchError(() => of(null)));
  }

  /** Creates the organization and its admin, then signs in as that admin. */
  async register(request: RegisterRequest): Promise<User> {
    await firstValueFrom(this.http.post<RegisterResponse>('/api/auth/register', request));
    return this.signIn(request.username, request.password);
  }

  /**
   * A new access token after `failedToken` was refused (expired). One refresh at a time: the
   * refresh token is single use, and presenting it twice would make the server revoke the
   * session. When another tab (sharing localStorage) or an earlier call already replaced the
   * token, that one is used without asking the server. A refused refresh (revoked or expired
   * session) signs out with a message; a network failure does not (the session may be fine).
   */
  refreshSession(failedToken: string): Promise<string> {
    const stored = localStorage.getItem(TOKEN_KEY);
    if (stored && stored !== failedToken) {
      this.tokenState.set(stored);
      return Promise.resolve(stored);
    }
    this.refreshing ??= this.requestRefresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async requestRefresh(): Promise<string> {
    const refreshToken = localStorage.getItem(REFRESH_TOKEN_KEY);
    if (!refreshToken) {
      this.expireSession(SESSION_ENDED);
      throw new ApiError(401, SESSION_ENDED);
    }
    try {
      const body: RefreshRequest = { refresh_token: refreshToken };
      const pair = await firstValueFrom(this.http.post<TokenPair>('/api/auth/refresh', body));
      this.storeTokens(pair);
      return pair.token;
    } catch (error) {
      const apiError = ApiError.from(error);
      if (apiError.status !== 0 && apiError.status < 500) this.expireSession(SESSION_ENDED);
      throw apiError;
    }
  }

  /** The user's own sign-out: the server revokes the session, then the portal forgets it. */
  signOut(notice: string | null = null): void {
    const token = this.tokenState();
    if (token) {
      // Its own Authorization header: the auth interceptor leaves it alone (no refresh on a 401).
      this.http
        .post('/api/auth/logout', null, { headers: { Authorization: `Bearer ${token}` } })
        .subscribe({ error: () => undefined });
    }
    this.endSession(notice);
  }

  /** A 401 that a refresh cannot fix: the session expired or was revoked. */
  expireSession(notice: string): void {
    if (this.tokenState() === null) return;
    this.endSession(notice);
  }

  clearNotice(): void {
    this.noticeState.set(null);
  }

  private storeTokens(pair: TokenPair): void {
    localStorage.setItem(TOKEN_KEY, pair.token);
    localStorage.setItem(REFRESH_TOKEN_KEY, pair.refresh_token);
    this.tokenState.set(pair.token);
  }

  private endSession(notice: string | null): void {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(REFRESH_TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
    this.tokenState.set(null);
    this.userState.set(null);
    this.noticeState.set(notice);
    void this.router.navigateByUrl('/sign-in');
  }
}
