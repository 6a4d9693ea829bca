import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import type { LoginResponseDto } from '../../apps/api/src/auth/dto/auth.dto.js';
import type { ErrorResponseDto } from '../../apps/api/src/common/error-response.dto.js';
import {
  type Http,
  type HttpResponse,
  signUp,
  uniqueName,
} from '../support/http.js';
import { expectBadField } from '../support/errors.js';
import { baseTestEnv, useTestApp } from '../support/test-app.js';

/** An HS256 token signed with the test secret, with whatever claims and header we like. */
function forgeToken(
  claims: object,
  header: object = { alg: 'HS256', typ: 'JWT' },
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- baseTestEnv always sets JWT_SECRET
  secret = baseTestEnv().JWT_SECRET!,
): string {
  const encode = (part: object) =>
    Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/**
 * Signs up a fresh admin, signs it in, and returns the login and its token's claims (with
 * `claimedUsername` in place of the real one when given), to forge variants of that token from.
 */
async function signedInClaims(http: Http, claimedUsername?: string) {
  const { userId, organizationId, username } = await signUp(http);
  const login = await http.post<LoginResponseDto>('/api/auth/login', {
    username,
    password: 'password-123',
  });
  const { sid } = JSON.parse(
    Buffer.from(login.body.token.split('.')[1], 'base64url').toString(),
  ) as { sid: number };
  const claims = {
    sub: String(userId),
    org: organizationId,
    username: claimedUsername ?? username,
    role: 'admin',
    sid,
  };
  return { userId, login, claims };
}

describe('auth', () => {
  const suite = useTestApp();

  it('registers a user as the admin of a new organization', async () => {
    const username = uniqueName('founder');
    const response = await suite.http.post('/api/auth/register', {
      username,
      password: 'long-enough-pw',
      organization: 'Founders Ltd',
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      message: 'User registered successfully',
      user: {
        id: expect.any(Number),
        username,
        role: 'admin',
        organization_id: expect.any(Number),
      },
    });
  });

  it('gives each registration its own organization', async () => {
    const first = await signUp(suite.http);
    const second = await signUp(suite.http);
    expect(first.organizationId).not.toBe(second.organizationId);
  });

  it('answers 409 for a duplicate username, whatever its case', async () => {
    const username = uniqueName('dup');
    expect(
      (
        await suite.http.post('/api/auth/register', {
          username,
          password: 'long-enough-pw',
        })
      ).status,
    ).toBe(201);
    const again = await suite.http.post('/api/auth/register', {
      username: username.toUpperCase(),
      password: 'long-enough-pw',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      error: 'Username already exists',
      status_code: 409,
    });
  });

  it.each([
    [{ username: 'ab', password: 'long-enough-pw' }, 'username'],
    [{ username: 'has space', password: 'long-enough-pw' }, 'username'],
    [{ username: 'x'.repeat(65), password: 'long-enough-pw' }, 'username'],
    [{ username: 'valid.name', password: 'short' }, 'password'],
    [{ username: 'valid.name', password: 'p'.repeat(129) }, 'password'],
    [{ password: 'long-enough-pw' }, 'username'],
    [
      { username: 'valid.name', password: 'long-enough-pw', role: 'admin' },
      'role',
    ],
  ])('rejects %j with a 400 naming %s', async (body, field) => {
    expectBadField(
      await suite.http.post<ErrorResponseDto>('/api/auth/register', body),
      field,
    );
  });

  it('logs in with a Bearer token and /me returns the user', async () => {
    const username = uniqueName('login');
    await suite.http.post('/api/auth/register', {
      username,
      password: 'long-enough-pw',
    });
    const login = await suite.http.post<LoginResponseDto>('/api/auth/login', {
      username,
      password: 'long-enough-pw',
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: expect.any(String),
      user: { username, role: 'admin' },
    });
    const me = await suite.http.withToken(login.body.token).get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual(login.body.user);
  });

  it('answers the same 401 for a wrong password and an unknown user', async () => {
    const username = uniqueName('victim');
    await suite.http.post('/api/auth/register', {
      username,
      password: 'long-enough-pw',
    });
    const wrongPassword = await suite.http.post<LoginResponseDto>(
      '/api/auth/login',
      {
        username,
        password: 'not-the-password',
      },
    );
    const unknownUser = await suite.http.post<LoginResponseDto>(
      '/api/auth/login',
      {
        username: uniqueName('ghost'),
        password: 'whatever-pw',
      },
    );
    for (const response of [wrongPassword, unknownUser]) {
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({
        error: 'Invalid credentials',
        status_code: 401,
      });
    }
  });

  describe('protected routes', () => {
    it('401 without a token', async () => {
      const response = await suite.http.get<ErrorResponseDto>('/api/customers');
      expect(response.status).toBe(401);
      expect(response.body.error).toEqual(expect.any(String));
    });

    it('401 with a garbage, expired, wrongly signed, unsigned or session-less token', async () => {
      const { userId, claims } = await signedInClaims(suite.http, 'x');
      const now = Math.floor(Date.now() / 1000);
      const tokens = [
        'garbage',
        forgeToken({ ...claims, iat: now - 100, exp: now - 10 }),
        forgeToken(
          { ...claims, iat: now, exp: now + 600 },
          undefined,
          'another-secret-another-secret-another',
        ),
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, exp: now + 600 })).toString('base64url')}.`,
        // Validly signed, but of no session (as every token issued before sessions existed) or of another user's.
        forgeToken({ ...claims, sid: undefined, iat: now, exp: now + 600 }),
        forgeToken({
          ...claims,
          sub: String(userId + 1),
          iat: now,
          exp: now + 600,
        }),
      ];
      for (const token of tokens) {
        expect(
          (await suite.http.withToken(token).get('/api/customers')).status,
        ).toBe(401);
      }
      // The same claims, validly signed and unexpired, are accepted: the rejections above are real.
      expect(
        (
          await suite.http
            .withToken(forgeToken({ ...claims, iat: now, exp: now + 600 }))
            .get('/api/customers')
        ).status,
      ).toBe(200);
    });

    it('says why in the contract shape: no token, a token that fails verification, a session that ended', async () => {
      const { http } = suite;
      const { login, claims } = await signedInClaims(http);
      const now = Math.floor(Date.now() / 1000);
      const body = (error: string) => ({
        error,
        status_code: 401,
        request_id: expect.any(String),
      });

      for (const headers of [
        {},
        { authorization: 'Basic YTpi' },
        { authorization: 'Bearer' },
      ] as Record<string, string>[]) {
        const response = await http.get('/api/customers', headers);
        expect([response.status, response.body]).toEqual([
          401,
          body('Missing bearer token'),
        ]);
      }
      const unverifiable = [
        'garbage',
        forgeToken({ ...claims, iat: now - 100, exp: now - 10 }),
        forgeToken(
          { ...claims, iat: now, exp: now + 600 },
          { alg: 'HS512', typ: 'JWT' },
        ),
        forgeToken({ ...claims, sid: undefined, iat: now, exp: now + 600 }),
      ];
      for (const token of unverifiable) {
        const response = await http.withToken(token).get('/api/customers');
        expect([response.status, response.body]).toEqual([
          401,
          body('Invalid or expired token'),
        ]);
      }
      expect(
        (await http.withToken(login.body.token).post('/api/auth/logout'))
          .status,
      ).toBe(204);
      const ended = await http.withToken(login.body.token).get('/api/auth/me');
      expect([ended.status, ended.body]).toEqual([
        401,
        body(
          'Session ended (signed out, revoked or user removed): sign in again',
        ),
      ]);
    });

    it('lets an admin add a member, who may work with customers but not manage users (403)', async () => {
      const admin = await signUp(suite.http, 'admin');
      const username = uniqueName('member');
      const created = await admin.client.post('/api/users', {
        username,
        password: 'member-password',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        username,
        role: 'member',
        organization_id: admin.organizationId,
      });

      const login = await suite.http.post<LoginResponseDto>('/api/auth/login', {
        username,
        password: 'member-password',
      });
      const member = suite.http.withToken(login.body.token);
      expect(
        (
          await member.post('/api/customers', {
            name: 'Member Co',
            email: `${username}@x.example`,
          })
        ).status,
      ).toBe(201);
      const forbidden = await member.get('/api/users');
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({
        status_code: 403,
        error: expect.any(String),
      });
      expect((await admin.client.get('/api/users')).body).toHaveLength(2);
    });
  });
});

describe('auth rate limiting', () => {
  const suite = useTestApp({
    AUTH_THROTTLE_LIMIT: '3',
    AUTH_THROTTLE_TTL_SECONDS: '60',
  });

  it('answers 429 with Retry-After once the login limit is used up', async () => {
    const http = suite.http;
    const responses: HttpResponse[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      responses.push(
        await http.post<LoginResponseDto>('/api/auth/login', {
          username: 'nobody-here',
          password: 'wrong-password',
        }),
      );
    }
    expect(responses.map((response) => response.status)).toEqual([
      401, 401, 401, 429,
    ]);
    const last = responses[3];
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last.body).toMatchObject({ status_code: 429 });
  });
});
