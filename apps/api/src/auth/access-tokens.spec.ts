import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { AllConfig } from '../config/index.js';
import { AccessTokens, bearerToken } from './access-tokens.js';
import type { JwtClaims } from './auth-user.js';

const SECRET = 'access-tokens-spec-secret-access-tokens-spec';

function tokensWith(jwtSecret = SECRET, jwtExpiresIn = 900): AccessTokens {
  const config = {
    get: () => ({ jwtSecret, jwtExpiresIn }),
  } as unknown as ConfigService<AllConfig, true>;
  return new AccessTokens(config);
}

const CLAIMS: JwtClaims = {
  sub: '7',
  org: 3,
  username: 'ada',
  role: 'admin',
  sid: 11,
};

const b64 = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token signed by hand (any header, any algorithm name), as an attacker would make one. */
function handMade(header: object, payload: object, secret = SECRET): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = createHmac('sha256', secret)
    .update(input)
    .digest('base64url');
  return `${input}.${signature}`;
}

describe('bearerToken', () => {
  it('takes the token of a Bearer header, the scheme in any case', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('  BEARER   abc  ')).toBe('abc');
  });

  it('finds no token in anything else', () => {
    for (const header of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      'Basic YWRhOnB3',
      'Bearer a b',
      'Bearerabc',
      'Token abc',
    ])
      expect(bearerToken(header)).toBeUndefined();
  });
});

describe('AccessTokens', () => {
  it('verifies its own tokens: the claims, with iat and an exp JWT_EXPIRES_IN seconds later', () => {
    const tokens = tokensWith(SECRET, 600);
    const claims = tokens.verify(tokens.sign(CLAIMS)) as JwtClaims & {
      iat: number;
      exp: number;
    };
    expect(claims).toMatchObject(CLAIMS);
    expect(claims.exp - claims.iat).toBe(600);
    expect(
      JSON.parse(
        Buffer.from(tokens.sign(CLAIMS).split('.')[0], 'base64url').toString(),
      ),
    ).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  it('refuses another secret, a changed payload, alg none, other algorithms, expiry, garbage', () => {
    const tokens = tokensWith();
    const now = Math.floor(Date.now() / 1000);
    const valid = tokens.sign(CLAIMS);
    const [header, , signature] = valid.split('.');
    expect(
      tokensWith('another-secret-another-secret-another-1').verify(valid),
    ).toBeUndefined();
    expect(
      tokens.verify(
        `${header}.${b64({ ...CLAIMS, role: 'owner' })}.${signature}`,
      ),
    ).toBeUndefined();
    expect(
      tokens.verify(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(CLAIMS)}.`),
    ).toBeUndefined();
    // The right HMAC under another algorithm's name.
    expect(
      tokens.verify(handMade({ alg: 'HS512', typ: 'JWT' }, CLAIMS)),
    ).toBeUndefined();
    expect(
      tokens.verify(
        handMade({ alg: 'HS256', typ: 'JWT' }, { ...CLAIMS, exp: now - 1 }),
      ),
    ).toBeUndefined();
    expect(
      tokens.verify(
        handMade({ alg: 'HS256', typ: 'JWT' }, { ...CLAIMS, nbf: now + 600 }),
      ),
    ).toBeUndefined();
    // Hand-made with the right key and algorithm: accepted (the checks above are not a blanket refusal).
    expect(
      tokens.verify(
        handMade({ alg: 'HS256', typ: 'JWT' }, { ...CLAIMS, exp: now + 60 }),
      ),
    ).toMatchObject(CLAIMS);
    for (const garbage of ['', 'a.b.c', 'not-a-token', `${header}..`])
      expect(tokens.verify(garbage)).toBeUndefined();
  });

  describe('with time passing', () => {
    afterEach(() => {
      jest.useRealTimers();
    });

    it('refuses a token once it expires, though it was verified (and remembered) before', () => {
      jest.useFakeTimers({ now: new Date('2026-11-26T10:00:00Z') });
      const tokens = tokensWith(SECRET, 60);
      const token = tokens.sign(CLAIMS);
      expect(tokens.verify(token)).toMatchObject(CLAIMS);
      jest.setSystemTime(new Date('2026-11-26T10:00:59Z'));
      expect(tokens.verify(token)).toMatchObject(CLAIMS);
      jest.setSystemTime(new Date('2026-11-26T10:01:01Z'));
      expect(tokens.verify(token)).toBeUndefined();
    });
  });
});
