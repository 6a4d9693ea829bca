import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { PLAIN_HEADERS } from '../../apps/api/src/http/security-headers.js';
import { Http, signUp } from '../support/http.js';
import { freePort, type Running, start, stop } from '../support/processes.js';
import { stopAll } from '../support/stop-all.js';
import {
  baseTestEnv,
  startTestApp,
  type TestApp,
} from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

/**
 * The bench's "minimal complete" baseline (bench/minimal-server.mjs) must do the work it stands
 * for, or the ratio to it means nothing: it refuses requests without a valid token of the API,
 * validates bodies and parameters, scopes by the token's organization, sends the API's security
 * headers and writes one log line per request.
 */
describe('bench: the minimal complete baseline', () => {
  let testApp: TestApp;
  let server: Running;
  let base: Http;
  let signedIn: Http;
  let organizationId: number;

  beforeAll(async () => {
    testApp = await startTestApp();
    const signup = await signUp(new Http(testApp.baseUrl), 'minimal');
    organizationId = signup.organizationId;
    const port = await freePort();
    const env = baseTestEnv();
    server = start(
      process.execPath,
      [join(process.cwd(), 'bench/minimal-server.mjs')],
      {
        env: {
          ...process.env,
          PORT: String(port),
          DATABASE_URL: env.DATABASE_URL,
          // The first follower (the bench runs one).
          ANALYTICS_DB_URL: env.ANALYTICS_DB_URL?.split(',')[0] ?? '',
          JWT_SECRET: env.JWT_SECRET,
          POOL_MAX: '2',
        },
      },
    );
    base = new Http(`http://127.0.0.1:${port}`);
    signedIn = base.withToken(signup.client.token ?? '');
    await waitFor(
      'the minimal baseline to listen',
      async () => (await base.get('/analytics').catch(() => null)) !== null,
    );
  });
  afterAll(async () => {
    await stop(server);
    await stopAll(testApp);
  });

  /** The log lines written so far (JSON on stdout), parsed. */
  const logLines = () =>
    server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('refuses a request without a token, with a bad signature or with alg none (401)', async () => {
    const [, payload] = (signedIn.token ?? '').split('.');
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    for (const client of [
      base,
      base.withToken(`${signedIn.token ?? ''}x`),
      base.withToken(unsigned),
    ]) {
      const response = await client.get('/customers?limit=5');
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ status_code: 401 });
    }
  });

  it('validates bodies and parameters against JSON schemas (400), and writes within the token organization', async () => {
    for (const body of [
      { name: 'No e-mail' },
      { name: '', email: 'empty-name@minimal.example' },
      { name: 'Bad', email: 'not-an-e-mail' },
      { name: 'x'.repeat(256), email: 'long@minimal.example' },
    ]) {
      const response = await signedIn.post('/customers', body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    expect((await signedIn.get('/customers/abc')).status).toBe(400);
    expect((await signedIn.get('/customers?limit=1001')).status).toBe(400);

    const created = await signedIn.post<{ id: number; email: string }>(
      '/customers',
      { name: ' Minimal ', email: 'Minimal@Example.COM' },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Minimal',
      email: 'minimal@example.com',
    });
    // The API sees it in the same organization.
    const viaApi = await new Http(testApp.baseUrl, signedIn.token).get<{
      id: number;
    }>(`/api/customers/${created.body.id}`);
    expect(viaApi.status).toBe(200);
    const list = await signedIn.get<{ id: number }[]>('/customers?limit=5');
    expect(list.body.map((row) => row.id)).toEqual([created.body.id]);
    expect(organizationId).toBeGreaterThan(0);
  });

  it("sends the API's security headers and one log line per request", async () => {
    const url = `/analytics?probe=${Date.now()}`;
    const response = await signedIn.get(url);
    expect(response.status).toBe(200);
    for (const [name, value] of Object.entries(PLAIN_HEADERS))
      expect({ name, value: response.headers.get(name) }).toEqual({
        name,
        value,
      });
    const linesOf = () =>
      logLines().filter(
        (line) => (line.req as { url?: string } | undefined)?.url === url,
      );
    await waitFor('the log line', () => Promise.resolve(linesOf().length > 0));
    // A second line would follow the first at once (same write path): give it time to show.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(linesOf()).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        reqId: expect.anything(),
        req: expect.objectContaining({ method: 'GET', url }),
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
  });
});
