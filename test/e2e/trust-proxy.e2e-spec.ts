// Which client address and protocol the app believes: the socket's, unless TRUST_PROXY says how
// many proxies stand in front. A forged X-Forwarded-For must not escape the per-address throttles,
// and a forged X-Forwarded-Proto must not switch on HSTS.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Http, uniqueName } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const LIMIT = 10;
const THROTTLED = {
  AUTH_THROTTLE_LIMIT: String(LIMIT),
  AUTH_THROTTLE_TTL_SECONDS: '60',
};

/** A failed login (unknown user, so the per-username limit never applies) from the given X-Forwarded-For. */
const badLogin = (http: Http, forwardedFor: string) =>
  http.post(
    '/api/auth/login',
    { username: uniqueName('nobody'), password: 'wrong-password' },
    { 'x-forwarded-for': forwardedFor },
  );
/** A registration refused by validation: it still counts against the address's limit. */
const badRegister = (http: Http, forwardedFor: string) =>
  http.post(
    '/api/auth/register',
    { username: '!', password: 'x' },
    { 'x-forwarded-for': forwardedFor },
  );

async function statuses(
  count: number,
  attempt: (index: number) => Promise<{ status: number }>,
): Promise<number[]> {
  const answers: number[] = [];
  for (let index = 0; index < count; index += 1)
    answers.push((await attempt(index)).status);
  return answers;
}

describe('without TRUST_PROXY (the default): the socket address is the client', () => {
  let testApp: TestApp;
  let http: Http;

  beforeAll(async () => {
    testApp = await startTestApp({ ...THROTTLED, TRUST_PROXY: undefined });
    http = new Http(testApp.baseUrl);
  });
  afterAll(() => testApp.close());

  it('throttles logins although every attempt forges a different X-Forwarded-For', async () => {
    const answers = await statuses(LIMIT + 1, (index) =>
      badLogin(http, `198.51.100.${index + 1}`),
    );
    expect(answers).toEqual([...Array<number>(LIMIT).fill(401), 429]);
  });

  it('throttles registrations although every attempt forges a different X-Forwarded-For', async () => {
    const answers = await statuses(LIMIT + 1, (index) =>
      badRegister(http, `203.0.113.${index + 1}`),
    );
    expect(answers).toEqual([...Array<number>(LIMIT).fill(400), 429]);
  });

  it('sends neither HSTS nor upgrade-insecure-requests over plain HTTP, even with a forged X-Forwarded-Proto', async () => {
    for (const headers of [{}, { 'x-forwarded-proto': 'https' }] as Record<
      string,
      string
    >[]) {
      const response = await http.get('/health', headers);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(response.headers.get('strict-transport-security')).toBeNull();
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    }
  });
});

describe('with TRUST_PROXY=1 (one proxy, as on Heroku): the right-most X-Forwarded-For entry is the client', () => {
  let testApp: TestApp;
  let http: Http;

  beforeAll(async () => {
    testApp = await startTestApp({ ...THROTTLED, TRUST_PROXY: '1' });
    http = new Http(testApp.baseUrl);
  });
  afterAll(() => testApp.close());

  it('throttles each client behind the proxy separately, and a forged left-most entry does not help', async () => {
    const first = await statuses(LIMIT, () => badLogin(http, '198.51.100.7'));
    expect(first).toEqual(Array(LIMIT).fill(401));
    // The proxy appends the address it saw; whatever the client put in front of it is ignored.
    expect((await badLogin(http, '10.0.0.1, 198.51.100.7')).status).toBe(429);
    expect((await badLogin(http, '198.51.100.8, 198.51.100.7')).status).toBe(
      429,
    );
    // Another client behind the same proxy (same socket address) has its own allowance.
    expect((await badLogin(http, '198.51.100.8')).status).toBe(401);
    expect((await badLogin(http, '198.51.100.7, 198.51.100.9')).status).toBe(
      401,
    );
  });

  it('throttles registrations per client behind the proxy', async () => {
    const first = await statuses(LIMIT + 1, () =>
      badRegister(http, '203.0.113.7'),
    );
    expect(first).toEqual([...Array<number>(LIMIT).fill(400), 429]);
    expect((await badRegister(http, '192.0.2.1, 203.0.113.7')).status).toBe(
      429,
    );
    expect((await badRegister(http, '203.0.113.8')).status).toBe(400);
  });

  it('sends HSTS and upgrade-insecure-requests when the proxy says the client used HTTPS, and only then', async () => {
    const secure = await http.get('/health', { 'x-forwarded-proto': 'https' });
    expect(secure.headers.get('content-security-policy')).toContain(
      'upgrade-insecure-requests',
    );
    expect(secure.headers.get('content-security-policy')).toContain(
      "default-src 'self'",
    );
    expect(secure.headers.get('strict-transport-security')).toMatch(
      /^max-age=\d+/,
    );
    const plain = await http.get('/health', { 'x-forwarded-proto': 'http' });
    expect(plain.headers.get('content-security-policy')).not.toContain(
      'upgrade-insecure-requests',
    );
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});
