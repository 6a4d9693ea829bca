import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { LoginResponse, RegisterRequest, RegisterResponse, User } from '../api/api';

/** Kept like the seed's client kept it: localStorage, so a reload stays signed in. */
export const TOKEN_KEY = 'token';
export const USER_KEY = 'user';

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

  readonly token = this.tokenState.asReadonly();
  readonly user = this.userState.asReadonly();
  readonly signedIn = computed(() => this.tokenState() !== null);
  /** A message for the sign-in page (why the user is there), read once. */
  readonly notice = this.noticeState.asReadonly();

  async signIn(username: string, password: string): Promise<User> {
    const response = await firstValueFrom(
      this.http.post<LoginResponse>('/api/auth/login', { username, password }),
    );
    localStorage.setItem(TOKEN_KEY, response.token);
    localStorage.setItem(USER_KEY, JSON.stringify(response.user));
    this.tokenState.set(response.token);
    this.userState.set(response.user);
    this.noticeState.set(null);
    return response.user;
  }

  /** Creates the organization and its admin, then signs in as that admin. */
  async register(request: RegisterRequest): Promise<User> {
    await firstValueFrom(this.http.post<RegisterResponse>('/api/auth/register', request));
    return this.signIn(request.username, request.password);
  }

  signOut(notice: string | null = null): void {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
    this.tokenState.set(null);
    this.userState.set(null);
    this.noticeState.set(notice);
    void this.router.navigateByUrl('/sign-in');
  }

  /** A 401 on an authenticated call: the token expired or was revoked. */
  expireSession(notice: string): void {
    if (this.tokenState() === null) return;
    this.signOut(notice);
  }

  clearNotice(): void {
    this.noticeState.set(null);
  }
}
