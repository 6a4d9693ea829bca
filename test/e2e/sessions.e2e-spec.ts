import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import bcrypt from 'bcrypt';
import pg from 'pg';
import { SESSION_CHECK_TTL_MS } from '../../apps/api/src/auth/sessions.service.js';
import type {
  LoginResponseDto,
  TokenPairDto,
  UserDto,
} from '../../apps/api/src/auth/dto/auth.dto.js';
import type { ErrorResponseDto } from '../../apps/api/src/common/error-response.dto.js';
import { Http, signUp, uniqueName } from '../support/http.js';
import { expectBadField } from '../support/errors.js';
import { Redis } from 'ioredis';
import {
  redisTestEnv,
  removePrefix,
  testRedisUrl,
  uniquePrefix,
} from '../support/redis.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'password-123';

async function register(http: Http, password = PASSWORD): Promise<string> {
  const username = uniqueName('s');
  const response = await http.post('/api/auth/register', {
    username,
    password,
  });
  if (response.status !== 201)
    throw new Error(`register failed: ${response.status} ${response.text}`);
  return username;
}

/** The status of one sign-in attempt. */
async function loginStatus(
  http: Http,
  username: string,
  password: string,
): Promise<number> {
  return (
    await http.post<LoginResponseDto>('/api/auth/login', { username, password })
  ).status;
}

/** The statuses of `times` sign-in attempts, one after another (the failure counter is under test). */
async function loginStatuses(
  http: Http,
  username: string,
  password: string,
  times: number,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < times; attempt += 1)
    statuses.push(await loginStatus(http, username, password));
  return statuses;
}

/** Signs in (a new session): the token pair and the user. */
async function signIn(
  http: Http,
  username: string,
  password = PASSWORD,
): Promise<LoginResponseDto> {
  const response = await http.post<LoginResponseDto>('/api/auth/login', {
    username,
    password,
  });
  if (response.status !== 200)
    throw new Error(`login failed: ${response.status} ${response.text}`);
  return response.body;
}

/** The status of `POST /api/auth/refresh` with a refresh token. */
async function refreshStatus(
  http: Http,
  refreshToken: string,
): Promise<number> {
  return (
    await http.post<TokenPairDto>('/api/auth/refresh', {
      refresh_token: refreshToken,
    })
  ).status;
}

/** The status of a GET with an access token. */
async function statusWith(
  http: Http,
  token: string,
  path = '/api/auth/me',
): Promise<number> {
  return (await http.withToken(token).get(path)).status;
}

describe('passwords, sessions and refresh tokens', () => {
  let testApp: TestApp;
  let http: Http;
  let db: pg.Client;

  beforeAll(async () => {
    testApp = await startTestApp();
    http = new Http(testApp.baseUrl);
    db = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const storedHash = async (username: string): Promise<string> =>
    (
      await db.query<{ password_hash: string }>(
        'SELECT password_hash FROM users WHERE lower(username) = lower($1)',
        [username],
      )
    ).rows[0].password_hash;

  describe('password hashing', () => {
    it('tells apart passwords that share their first 72 bytes (bcrypt read no further)', async () => {
      const prefix = 'ä'.repeat(36); // 72 bytes of UTF-8
      const username = await register(http, `${prefix}-right`);
      expect(await loginStatus(http, username, `${prefix}-wrong`)).toBe(401);
      expect(await loginStatus(http, username, prefix)).toBe(401);
      expect(await loginStatus(http, username, `${prefix}-right`)).toBe(200);
      expect(await storedHash(username)).toMatch(
        /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/,
      );
    });

    it('signs in a user whose password is still a bcrypt hash, and stores Argon2id instead', async () => {
      const username = uniqueName('legacy');
      const { rows } = await db.query<{ id: number }>(
        `INSERT INTO organizations (name) VALUES ('Legacy') RETURNING id`,
      );
      await db.query(
        `INSERT INTO users (organization_id, username, password_hash, role) VALUES ($1, $2, $3, 'admin')`,
        [rows[0].id, username, await bcrypt.hash('legacy-password', 10)],
      );
      expect(
        await loginStatus(http, username, 'legacy-password-but-wrong'),
      ).toBe(401);
      expect(await storedHash(username)).toMatch(/^\$2b\$/);

      expect(await loginStatus(http, username, 'legacy-password')).toBe(200);
      expect(await storedHash(username)).toMatch(/^\$argon2id\$/);
      // The new hash is of the same password.
      expect(await loginStatus(http, username, 'legacy-password')).toBe(200);
      expect(
        await loginStatus(http, username, 'legacy-password-but-wrong'),
      ).toBe(401);
    });
  });

  describe('refresh tokens', () => {
    it('login returns a refresh token; refresh spends it for a new pair', async () => {
      const username = await register(http);
      const login = await signIn(http, username);
      expect(login).toMatchObject({
        token_type: 'Bearer',
        expires_in: 900,
        refresh_token: expect.stringMatching(/^[1-9]\d*\.[\w-]{43}$/),
        refresh_expires_in: 30 * 86_400,
      });
      // Stored hashed, never as given.
      const raw = await db.query(
        'SELECT 1 FROM refresh_tokens WHERE token_hash = $1::bytea',
        [Buffer.from(login.refresh_token)],
      );
      expect(raw.rowCount).toBe(0);
      // It names its organization (every statement on refresh_tokens stays on the tenant's shard),
      // and that prefix cannot be swapped for another organization's.
      const [prefix, secret] = login.refresh_token.split('.');
      expect(Number(prefix)).toBe(login.user.organization_id);
      expect(
        (
          await http.post<TokenPairDto>('/api/auth/refresh', {
            refresh_token: `${Number(prefix) + 1}.${secret}`,
          })
        ).status,
      ).toBe(401);

      const refreshed = await http.post<TokenPairDto>('/api/auth/refresh', {
        refresh_token: login.refresh_token,
      });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toEqual({
        token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 900,
        refresh_token: expect.any(String),
        refresh_expires_in: 30 * 86_400,
      });
      expect(refreshed.body.refresh_token).not.toBe(login.refresh_token);
      expect(
        (await http.withToken(refreshed.body.token).get('/api/auth/me')).body,
      ).toMatchObject({ username });
      // The successor works too.
      expect(await refreshStatus(http, refreshed.body.refresh_token)).toBe(200);
    });

    it('a spent refresh token presented again revokes the whole session', async () => {
      const username = await register(http);
      const login = await signIn(http, username);
      const other = await signIn(http, username); // another device
      const rotated = await http.post<TokenPairDto>('/api/auth/refresh', {
        refresh_token: login.refresh_token,
      });
      expect(rotated.status).toBe(200);
      expect(await statusWith(http, rotated.body.token, '/api/customers')).toBe(
        200,
      );

      // The thief (or the victim) replays the spent token.
      const replay = await http.post<TokenPairDto>('/api/auth/refresh', {
        refresh_token: login.refresh_token,
      });
      expect(replay.status).toBe(401);
      expect(replay.body).toMatchObject({
        status_code: 401,
        error: expect.stringMatching(/revoked/),
      });

      // Everything of that session is dead: the newer refresh token and both access tokens.
      expect(await refreshStatus(http, rotated.body.refresh_token)).toBe(401);
      expect(await statusWith(http, rotated.body.token, '/api/customers')).toBe(
        401,
      );
      expect(await statusWith(http, login.token, '/api/customers')).toBe(401);
      // Another session of the same user is not affected.
      expect(await statusWith(http, other.token, '/api/customers')).toBe(200);
      expect(await refreshStatus(http, other.refresh_token)).toBe(200);
    });

    it('only one of two concurrent refreshes with the same token wins', async () => {
      const username = await register(http);
      const login = await signIn(http, username);
      const results = await Promise.all(
        [1, 2].map(() =>
          http.post<TokenPairDto>('/api/auth/refresh', {
            refresh_token: login.refresh_token,
          }),
        ),
      );
      expect(results.map((result) => result.status).sort()).toEqual([200, 401]);
    });

    it.each([['garbage'], ['x'.repeat(43)], [''], [42]])(
      'answers %j with 401 or 400, never 500',
      async (token) => {
        const response = await http.post<TokenPairDto>('/api/auth/refresh', {
          refresh_token: token,
        });
        expect([400, 401]).toContain(response.status);
        expect(response.body).toMatchObject({
          error: expect.any(String),
          status_code: response.status,
        });
        if (typeof token === 'string' && token)
          expect(response.status).toBe(401);
      },
    );
  });

  describe('ending sessions', () => {
    it('logout revokes the session: its access and refresh tokens stop working', async () => {
      const username = await register(http);
      const login = await signIn(http, username);
      const client = http.withToken(login.token);
      expect((await client.get('/api/auth/me')).status).toBe(200);
      expect((await client.post('/api/auth/logout')).status).toBe(204);
      const after = await client.get('/api/auth/me');
      expect(after.status).toBe(401);
      expect(after.body).toMatchObject({
        status_code: 401,
        error: expect.any(String),
      });
      expect(await refreshStatus(http, login.refresh_token)).toBe(401);
      expect((await http.post('/api/auth/logout')).status).toBe(401);
    });

    it('a password change revokes every other session and keeps the current one', async () => {
      const username = await register(http);
      const laptop = await signIn(http, username);
      const phone = await signIn(http, username);

      const wrong = await http
        .withToken(laptop.token)
        .put('/api/auth/password', {
          current_password: 'not-it-at-all',
          new_password: 'new-password-456',
        });
      expect(wrong.status).toBe(400);
      expect(await statusWith(http, phone.token)).toBe(200);

      const changed = await http
        .withToken(laptop.token)
        .put('/api/auth/password', {
          current_password: PASSWORD,
          new_password: 'new-password-456',
        });
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ message: expect.any(String) });

      expect(await statusWith(http, laptop.token)).toBe(200);
      expect(await refreshStatus(http, laptop.refresh_token)).toBe(200);
      expect(await statusWith(http, phone.token)).toBe(401);
      expect(await refreshStatus(http, phone.refresh_token)).toBe(401);
      expect(await loginStatus(http, username, PASSWORD)).toBe(401);
      expect(await loginStatus(http, username, 'new-password-456')).toBe(200);
    });

    it('rejects an invalid new password with a 400 naming the field', async () => {
      const admin = await signUp(http);
      const response = await admin.client.put<ErrorResponseDto>(
        '/api/auth/password',
        {
          current_password: PASSWORD,
          new_password: 'short',
        },
      );
      expectBadField(response, 'new_password');
    });

    it("an admin deletes a user of the organization: the user's tokens stop working", async () => {
      const admin = await signUp(http, 'admin');
      const username = uniqueName('member');
      const created = await admin.client.post<UserDto>('/api/users', {
        username,
        password: 'member-password',
      });
      const member = await signIn(http, username, 'member-password');
      expect(await statusWith(http, member.token, '/api/customers')).toBe(200);

      const deleted = await admin.client.delete(
        `/api/users/${created.body.id}`,
      );
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ message: 'User deleted successfully' });
      expect(await statusWith(http, member.token, '/api/customers')).toBe(401);
      expect(await refreshStatus(http, member.refresh_token)).toBe(401);
      expect(await loginStatus(http, username, 'member-password')).toBe(401);
      expect((await admin.client.get('/api/users')).body).toHaveLength(1);
    });

    it('answers 404 for a user of another organization or none, 409 for oneself, 403 for a member', async () => {
      const admin = await signUp(http, 'admin');
      const stranger = await signUp(http, 'stranger');
      const missing = await admin.client.delete(
        `/api/users/${stranger.userId}`,
      );
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({
        error: 'User not found',
        status_code: 404,
      });
      expect((await admin.client.delete('/api/users/999999999')).status).toBe(
        404,
      );
      expect((await stranger.client.get('/api/auth/me')).status).toBe(200);

      const self = await admin.client.delete<ErrorResponseDto>(
        `/api/users/${admin.userId}`,
      );
      expect(self.status).toBe(409);
      expect(self.body.error).toMatch(/own user/);

      const username = uniqueName('member');
      await admin.client.post('/api/users', {
        username,
        password: 'member-password',
      });
      const member = http.withToken(
        (await signIn(http, username, 'member-password')).token,
      );
      expect((await member.delete(`/api/users/${admin.userId}`)).status).toBe(
        403,
      );
      expect((await admin.client.get('/api/auth/me')).status).toBe(200);
    });
  });
});

/**
 * Credential stuffing: failed sign-ins are counted per username across addresses. Test apps set
 * AUTH_THROTTLE_LIMIT=100000, so the per-address throttle never answers here. Both stores: the
 * login_failures table (no REDIS_URL) and Redis.
 */
describe.each([
  ['PostgreSQL', () => ({})],
  ['Redis', () => redisTestEnv(uniquePrefix('login-failures'))],
])('failed sign-in limit per username (%s)', (_store, env) => {
  let testApp: TestApp;
  let http: Http;
  const overrides: Record<string, string> = {
    ...env(),
    LOGIN_FAILURE_LIMIT: '10',
    LOGIN_FAILURE_WINDOW_SECONDS: '900',
  };

  beforeAll(async () => {
    testApp = await startTestApp(overrides);
    http = new Http(testApp.baseUrl);
  });
  afterAll(async () => {
    await testApp.close();
    if (overrides.JOBS_PREFIX) await removePrefix(overrides.JOBS_PREFIX);
  });

  it('refuses the 11th attempt after 10 failures, even with the right password; others are unaffected', async () => {
    const victim = await register(http);
    const bystander = await register(http);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      // "Different addresses": the limit does not look at the client at all.
      const response = await http.post(
        '/api/auth/login',
        { username: victim, password: `guess-${attempt}` },
        { 'x-forwarded-for': `203.0.113.${attempt}` },
      );
      expect(response.status).toBe(401);
    }
    const blocked = await http.post<LoginResponseDto>('/api/auth/login', {
      username: victim.toUpperCase(),
      password: PASSWORD,
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({
      status_code: 429,
      error: expect.stringMatching(
        /^Too many failed sign-ins for this user, try again in 15 minutes$/,
      ),
    });
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);

    expect(await loginStatus(http, bystander, PASSWORD)).toBe(200);

    // The count lives where every api process sees it.
    if (overrides.REDIS_URL) {
      const redis = new Redis(testRedisUrl());
      try {
        expect(await redis.get(`login-failures:${victim.toLowerCase()}`)).toBe(
          '10',
        );
      } finally {
        redis.disconnect();
      }
    } else {
      const db = new pg.Client({
        connectionString: process.env.TEST_DATABASE_URL,
      });
      await db.connect();
      try {
        const { rows } = await db.query(
          'SELECT failures FROM login_failures WHERE username_key = $1',
          [victim.toLowerCase()],
        );
        expect(rows).toEqual([{ failures: 10 }]);
      } finally {
        await db.end();
      }
    }
  });

  it('does not count successful sign-ins, and a success clears earlier failures', async () => {
    const username = await register(http);
    expect(await loginStatuses(http, username, PASSWORD, 15)).toEqual(
      Array(15).fill(200),
    );
    expect(await loginStatuses(http, username, 'wrong-password', 9)).toEqual(
      Array(9).fill(401),
    );
    expect(await loginStatus(http, username, PASSWORD)).toBe(200);
    expect(await loginStatuses(http, username, 'wrong-password', 9)).toEqual(
      Array(9).fill(401),
    );
    expect(await loginStatus(http, username, PASSWORD)).toBe(200);
    // The counter was live all along: a full run of failures still locks the user out.
    expect(await loginStatuses(http, username, 'wrong-password', 10)).toEqual(
      Array(10).fill(401),
    );
    expect(await loginStatus(http, username, PASSWORD)).toBe(429);
  });

  it('counts unknown usernames too, so the answer reveals nothing', async () => {
    const ghost = uniqueName('ghost');
    expect(await loginStatuses(http, ghost, 'whatever-pw', 10)).toEqual(
      Array(10).fill(401),
    );
    expect(await loginStatus(http, ghost, 'whatever-pw')).toBe(429);
  });
});

/** Every timer API but Date: only the clock the session cache reads is faked. */
const REAL_TIMERS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

/** Two api processes (two apps on one database): a revocation on one reaches the other within the cache bound. */
describe('session revocation across api processes', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp();
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it(`stops a token on the other process once its ${SESSION_CHECK_TTL_MS} ms cache entry runs out, not before`, async () => {
    const onFirst = new Http(first.baseUrl);
    const username = await register(onFirst);
    const login = await signIn(onFirst, username);
    const onSecond = new Http(second.baseUrl).withToken(login.token);
    const askedAt = Date.now();
    expect((await onSecond.get('/api/auth/me')).status).toBe(200); // now cached as active there
    const cachedBy = Date.now();

    // The cache's clock (Date) is moved by hand instead of waiting on it: the entry was written
    // between askedAt and cachedBy, so it still holds just before askedAt + TTL and has run out
    // just after cachedBy + TTL. Timers stay real (the database, HTTP and the apps keep running).
    jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: cachedBy });
    try {
      expect(
        (await onFirst.withToken(login.token).post('/api/auth/logout')).status,
      ).toBe(204);
      jest.setSystemTime(askedAt + SESSION_CHECK_TTL_MS - 1);
      expect((await onSecond.get('/api/customers')).status).toBe(200); // still answered from its cache
      jest.setSystemTime(cachedBy + SESSION_CHECK_TTL_MS + 1);
      expect((await onSecond.get('/api/customers')).status).toBe(401);
    } finally {
      jest.useRealTimers();
    }
  });
});
