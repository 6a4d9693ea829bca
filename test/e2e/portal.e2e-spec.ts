import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { precompress } from '../../scripts/precompress.mjs';
import { encodedRequest } from '../support/encoded-http.js';
import { Http } from '../support/http.js';
import { startTestApp, type TestApp, useTestApp } from '../support/test-app.js';

const HTML = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
};
const INDEX =
  '<!doctype html><html><head><title>Portal</title></head><body><app-root></app-root><script src="main-ABCDEF12.js"></script></body></html>';
/** A lazy chunk of some size, as `ng build` writes them (about 200 KB of minified-looking code). */
const CHUNK_NAME = 'chunk-LARGE123.js';
const CHUNK = Array.from(
  { length: 4000 },
  (_, i) =>
    `var c${i}=function(n){return n.map(function(x){return x*${i}+"-${(i * 7919) % 1000}"})};`,
).join('');

describe('serving the built admin portal', () => {
  let testApp: TestApp;
  let http: Http;
  let portalDir: string;

  beforeAll(async () => {
    // A stand-in build: what `ng build` writes, so this test does not depend on the frontend build.
    portalDir = mkdtempSync(join(tmpdir(), 'portal-'));
    writeFileSync(join(portalDir, 'index.html'), INDEX);
    writeFileSync(join(portalDir, 'main-ABCDEF12.js'), 'console.log("portal")');
    writeFileSync(join(portalDir, CHUNK_NAME), CHUNK);
    mkdirSync(join(portalDir, 'media'));
    writeFileSync(
      join(portalDir, 'media', 'logo.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
    );
    // What the portal's postbuild does after `ng build`.
    await precompress(portalDir);
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

  it('sends the precompressed variant the request asks for (the file written at build time), the file itself otherwise', async () => {
    const url = `${testApp.baseUrl}/${CHUNK_NAME}`;
    const plain = await encodedRequest(url);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.raw.equals(Buffer.from(CHUNK))).toBe(true);
    expect(plain.headers.vary).toMatch(/accept-encoding/i);

    for (const [acceptEncoding, encoding, suffix] of [
      ['gzip, deflate, br', 'br', '.br'],
      ['gzip', 'gzip', '.gz'],
    ]) {
      const encoded = await encodedRequest(url, {
        headers: { 'accept-encoding': acceptEncoding },
      });
      expect(encoded.status).toBe(200);
      expect(encoded.headers['content-encoding']).toBe(encoding);
      expect(encoded.headers['content-type']).toMatch(/javascript/);
      expect(encoded.headers.vary).toMatch(/accept-encoding/i);
      expect(encoded.headers['cache-control']).toMatch(/immutable/);
      // The bytes of the file the build wrote (compressed once at the highest level), not
      // compressed again per request.
      expect(
        encoded.raw.equals(readFileSync(join(portalDir, CHUNK_NAME + suffix))),
      ).toBe(true);
      expect(encoded.headers['content-length']).toBe(
        String(encoded.raw.length),
      );
      expect(encoded.decoded.equals(plain.raw)).toBe(true);
      expect(encoded.raw.length * 4).toBeLessThan(plain.raw.length);
    }

    const head = await encodedRequest(url, {
      method: 'HEAD',
      headers: { 'accept-encoding': 'br' },
    });
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-length']).toBe(
      String(statSync(join(portalDir, `${CHUNK_NAME}.br`)).size),
    );
    expect(head.raw.length).toBe(0);
  });

  it('sends index.html for client routes precompressed too, never cached', async () => {
    const page = await encodedRequest(`${testApp.baseUrl}/customers/5`, {
      headers: { ...HTML, 'accept-encoding': 'br' },
    });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers.vary).toMatch(/accept-encoding/i);
    expect(page.decoded.toString('utf8')).toBe(INDEX);
    expect(
      page.raw.equals(readFileSync(join(portalDir, 'index.html.br'))),
    ).toBe(true);
  });

  it('does not serve the variants under their own names', async () => {
    for (const suffix of ['.br', '.gz']) {
      expect(existsSync(join(portalDir, CHUNK_NAME + suffix))).toBe(true);
      const response = await http.get(`/${CHUNK_NAME}${suffix}`, {
        accept: '*/*',
      });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ status_code: 404 });
    }
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

/** The real build (`npm run build:portal`, which npm test runs first): its postbuild precompresses it. */
describe('the built portal, precompressed', () => {
  const root = join(process.cwd(), 'frontend', 'dist', 'portal', 'browser');
  const suite = useTestApp({ PORTAL_DIR: root });

  it('sends its largest JS chunk as brotli when asked (identical once decoded), plain otherwise', async () => {
    if (!existsSync(join(root, 'index.html')))
      throw new Error(
        `The portal is not built (${root}): run \`npm run build:portal\` first (npm test does).`,
      );
    const [largest] = readdirSync(root)
      .filter((name) => name.endsWith('.js'))
      .sort(
        (a, b) => statSync(join(root, b)).size - statSync(join(root, a)).size,
      );
    const url = `${suite.testApp.baseUrl}/${largest}`;
    const plain = await encodedRequest(url);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.raw.equals(readFileSync(join(root, largest)))).toBe(true);

    const brotli = await encodedRequest(url, {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.raw.equals(readFileSync(join(root, `${largest}.br`)))).toBe(
      true,
    );
    expect(brotli.decoded.equals(plain.raw)).toBe(true);
    expect(brotli.raw.length * 2).toBeLessThan(plain.raw.length);
  });
});
