import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Http, uniqueName } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The other test apps raise the login/register limit so that they can sign up freely; this one
 * runs with the shipped defaults (AUTH_THROTTLE_LIMIT unset): 10 attempts per address per minute.
 */
describe('login and register throttling with the default limits', () => {
  let testApp: TestApp;
  let http: Http;

  beforeAll(async () => {
    testApp = await startTestApp({
      AUTH_THROTTLE_LIMIT: undefined,
      AUTH_THROTTLE_TTL_SECONDS: undefined,
    });
    http = new Http(testApp.baseUrl);
  });
  afterAll(() => testApp.close());

  it('answers the 11th login from one address within a minute with 429 and Retry-After', async () => {
    // A different unknown user each time: only the per-address limit is in play.
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const response = await http.post('/api/auth/login', {
        username: uniqueName('nobody'),
        password: 'wrong-password',
      });
      expect(response.status).toBe(401);
    }
    const limited = await http.post('/api/auth/login', {
      username: uniqueName('nobody'),
      password: 'wrong-password',
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({
      status_code: 429,
      error: expect.any(String),
    });
  });

  it('limits registrations per address too', async () => {
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 11; attempt += 1) {
      statuses.push(
        (
          await http.post('/api/auth/register', {
            username: uniqueName('throttled'),
            password: 'password-123',
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 10).every((status) => status === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
