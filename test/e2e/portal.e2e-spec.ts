import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Http } from '../support/http.js';
import { startTestApp, type TestApp, useTestApp } from '../support/test-app.js';

const HTML = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
};
const INDEX =
  '<!doctype html><html><head><title>Portal</title></head><body><app-root></app-root><script src="main-ABCDEF12.js"></script></body></html>';

describe('serving the built admin portal', () => {
  let testApp: TestApp;
  let http: Http;
  let portalDir: string;

  beforeAll(async () => {
    // A stand-in build: what `ng build` writes, so this test does not depend on the frontend build.
    portalDir = mkdtempSync(join(tmpdir(), 'portal-'));
    writeFileSync(join(portalDir, 'index.html'), INDEX);
    writeFileSync(join(portalDir, 'main-ABCDEF12.js'), 'console.log("portal")');
    mkdirSync(join(portalDir, 'media'));
    writeFileSync(
      join(portalDir, 'media', 'logo.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
    );
    testApp = await startTestApp({ PORTAL_DIR: portalDir });
    http = new Http(testApp.baseUrl);
  });
  afterAll(async () => {
    await testApp.close();
    rmSync(portalDir, { recursive: true, force: true });
  });

  it('serves index.html at / and for client routes (reload on /customers/5)', async () => {
    for (const path of [
      '/',
      '/customers/5',
      '/dashboard',
      '/accounts?status=active',
    ]) {
      const response = await http.get(path, HTML);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(response.text).toBe(INDEX);
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves the built files, hashed ones cached for a year', async () => {
    const script = await http.get('/main-ABCDEF12.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('cache-control')).toMatch(/immutable/);
    expect((await http.get('/media/logo.svg')).status).toBe(200);
  });

  it('never shadows the API: /api/nope is still a JSON 404, /health and /swagger-json still JSON', async () => {
    const nope = await http.get('/api/nope', HTML);
    expect(nope.status).toBe(404);
    expect(nope.headers.get('content-type')).toMatch(/json/);
    expect(nope.body).toMatchObject({ status_code: 404 });
    const health = await http.get('/health', HTML);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok' });
    expect((await http.get('/swagger-json', HTML)).body).toMatchObject({
      openapi: expect.any(String),
    });
    const swaggerUi = await http.get('/swagger', HTML);
    expect(swaggerUi.status).toBe(200);
    expect(swaggerUi.text).toMatch(/swagger-ui/i);
    expect(swaggerUi.text).not.toBe(INDEX);
    expect((await http.get('/metrics', HTML)).text).toMatch(
      /http_requests_total/,
    );
    expect((await http.get('/metrics/nope', HTML)).status).toBe(404);
    expect((await http.get('/api/customers', HTML)).status).toBe(401);
  });

  it('answers 404 (not index.html) for a missing file or a client that does not ask for HTML', async () => {
    const missing = await http.get('/main-MISSING1.js', { accept: '*/*' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status_code: 404 });
    expect(
      (await http.get('/customers/5', { accept: 'application/json' })).status,
    ).toBe(404);
  });
});

describe('when the portal is not built', () => {
  const suite = useTestApp({
    PORTAL_DIR: join(tmpdir(), 'no-portal-here'),
  });

  it('answers / with a short page saying how to build it, and the API still works', async () => {
    const http = suite.http;
    const home = await http.get('/', HTML);
    expect(home.status).toBe(200);
    expect(home.text).toMatch(/npm run build:portal/);
    expect((await http.get('/customers/5', HTML)).status).toBe(404);
    expect((await http.get('/health')).status).toBe(200);
  });
});
