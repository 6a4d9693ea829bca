import { randomUUID } from 'node:crypto';
import type { LoginResponseDto } from '../../apps/api/src/auth/dto/auth.dto.js';

/** A response; `T` is what the caller expects the JSON body to be (unknown until it says). */
export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A small HTTP client over the real socket: JSON in, JSON (when it is JSON) out. */
export class Http {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  withToken(token: string): Http {
    return new Http(this.baseUrl, token);
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse<T>> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (this.token)
      (init.headers as Record<string, string>).authorization =
        `Bearer ${this.token}`;
    if (body !== undefined) {
      (init.headers as Record<string, string>)['content-type'] ??=
        'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text)
      parsed = JSON.parse(text);
    return {
      status: response.status,
      headers: response.headers,
      body: parsed as T,
      text,
    };
  }

  get<T = unknown>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = unknown>(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) {
    return this.request<T>('POST', path, body, headers);
  }
  put<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }
  delete<T = unknown>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Registers a fresh organization and returns a client signed in as its admin. */
export async function signUp(
  http: Http,
  prefix = 'user',
): Promise<{
  client: Http;
  username: string;
  organizationId: number;
  userId: number;
}> {
  const username = uniqueName(prefix);
  const password = 'password-123';
  const registered = await http.post('/api/auth/register', {
    username,
    password,
  });
  if (registered.status !== 201)
    throw new Error(`register failed: ${registered.status} ${registered.text}`);
  const login = await http.post<LoginResponseDto>('/api/auth/login', {
    username,
    password,
  });
  if (login.status !== 200)
    throw new Error(`login failed: ${login.status} ${login.text}`);
  return {
    client: http.withToken(login.body.token),
    username,
    organizationId: login.body.user.organization_id,
    userId: login.body.user.id,
  };
}
