import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import type pg from 'pg';
import { COMPRESSION_THRESHOLD_BYTES } from '../../apps/api/src/http/compression.js';
import {
  type EncodedResponse,
  encodedRequest,
} from '../support/encoded-http.js';
import { Http, signUp } from '../support/http.js';
import { connectLeader } from '../support/org-state.js';
import { stopAll } from '../support/stop-all.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const METRICS_TOKEN = 'metrics-token-for-the-compression-test-0123';

/** Responses of at least 1 KB are compressed with br or gzip when the request asks; never otherwise. */
describe('response compression (Accept-Encoding)', () => {
  let testApp: TestApp;
  let leader: pg.Client;
  let token: string;
  let customerId: number;

  const get = (path: string, headers: Record<string, string> = {}) =>
    encodedRequest(`${testApp.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });

  /** A plain response: no Content-Encoding, and a Content-Length that is the body's length. */
  function expectPlain(response: EncodedResponse): void {
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['content-length']).toBe(
      String(response.raw.length),
    );
  }

  beforeAll(async () => {
    testApp = await startTestApp({ METRICS_TOKEN });
    leader = await connectLeader();
    const { client, organizationId } = await signUp(
      new Http(testApp.baseUrl),
      'compress',
    );
    token = client.token ?? '';
    // A list of 1,000 customers is about 150 KB of JSON.
    await leader.query(
      `INSERT INTO customers (organization_id, name, email) SELECT $1, 'Customer ' || g, 'c' || g || '@compress.example' FROM generate_series(1, 1000) g`,
      [organizationId],
    );
    const { rows } = await leader.query<{ id: string }>(
      'SELECT max(id) AS id FROM customers WHERE organization_id = $1',
      [organizationId],
    );
    customerId = Number(rows[0].id);
  });
  afterAll(async () => {
    await stopAll(leader, testApp);
  });

  it.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.1, gzip', 'gzip'],
    ['*', 'gzip'],
  ])(
    'a large JSON list asked with Accept-Encoding "%s" comes back %s, identical once decoded',
    async (acceptEncoding, expected) => {
      const plain = await get('/api/customers?limit=1000');
      expect(plain.status).toBe(200);
      expectPlain(plain);
      expect(JSON.parse(plain.raw.toString('utf8'))).toHaveLength(1000);

      const encoded = await get('/api/customers?limit=1000', {
        'accept-encoding': acceptEncoding,
      });
      expect(encoded.status).toBe(200);
      expect(encoded.headers['content-encoding']).toBe(expected);
      expect(encoded.headers['content-type']).toMatch(/^application\/json/);
      expect(encoded.headers.vary).toMatch(/accept-encoding/i);
      // Compressed in one call (not streamed): an exact Content-Length, no chunked encoding.
      expect(encoded.headers['content-length']).toBe(
        String(encoded.raw.length),
      );
      expect(encoded.headers['transfer-encoding']).toBeUndefined();
      expect(encoded.decoded.equals(plain.raw)).toBe(true);
      // Repetitive JSON: at least five times smaller on the wire.
      expect(encoded.raw.length * 5).toBeLessThan(plain.raw.length);
      // The response's other headers are still there.
      expect(encoded.headers['x-request-id']).toBeDefined();
      expect(encoded.headers['x-content-type-options']).toBe('nosniff');
      expect(encoded.headers.link).toBe(plain.headers.link);
    },
  );

  it.each([
    ['no Accept-Encoding', {}],
    ['Accept-Encoding: identity', { 'accept-encoding': 'identity' }],
    [
      'only encodings it does not offer',
      { 'accept-encoding': 'deflate, zstd' },
    ],
    ['gzip refused by q=0', { 'accept-encoding': 'gzip;q=0' }],
  ])('a large list with %s comes back plain', async (_title, headers) => {
    // The same list is compressed for a client that asks.
    expect(
      (await get('/api/customers?limit=1000', { 'accept-encoding': 'br' }))
        .headers['content-encoding'],
    ).toBe('br');
    const response = await get('/api/customers?limit=1000', headers);
    expect(response.status).toBe(200);
    expectPlain(response);
    expect(JSON.parse(response.raw.toString('utf8'))).toHaveLength(1000);
  });

  it('a response under 1 KB is never compressed, even when asked; one just over it is', async () => {
    const small = await get(`/api/customers/${customerId}`, {
      'accept-encoding': 'br, gzip',
    });
    expect(small.status).toBe(200);
    expect(small.raw.length).toBeLessThan(COMPRESSION_THRESHOLD_BYTES);
    expectPlain(small);
    expect(JSON.parse(small.raw.toString('utf8'))).toMatchObject({
      id: customerId,
    });

    const plainTen = await get('/api/customers?limit=10');
    expect(plainTen.raw.length).toBeGreaterThanOrEqual(
      COMPRESSION_THRESHOLD_BYTES,
    );
    const ten = await get('/api/customers?limit=10', {
      'accept-encoding': 'br, gzip',
    });
    expect(ten.headers['content-encoding']).toBe('br');
    expect(ten.decoded.equals(plainTen.raw)).toBe(true);
  });

  it('errors keep the contract shape: small ones plain, a large one compressed and the same once decoded', async () => {
    const unauthorized = await encodedRequest(
      `${testApp.baseUrl}/api/customers`,
      { headers: { 'accept-encoding': 'br, gzip' } },
    );
    expect(unauthorized.status).toBe(401);
    expectPlain(unauthorized);
    expect(JSON.parse(unauthorized.raw.toString('utf8'))).toEqual({
      error: 'Missing bearer token',
      status_code: 401,
      request_id: expect.any(String),
    });

    // A 400 naming 100 unknown properties: well over 1 KB.
    const body = JSON.stringify(
      Object.fromEntries(
        Array.from({ length: 100 }, (_, i) => [`unknown_property_${i}`, 1]),
      ),
    );
    const post = (acceptEncoding?: string) =>
      encodedRequest(`${testApp.baseUrl}/api/customers`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
        },
        body,
      });
    const plain = await post();
    const encoded = await post('gzip');
    expect([plain.status, encoded.status]).toEqual([400, 400]);
    expectPlain(plain);
    expect(plain.raw.length).toBeGreaterThan(COMPRESSION_THRESHOLD_BYTES);
    expect(encoded.headers['content-encoding']).toBe('gzip');
    const decoded = JSON.parse(encoded.decoded.toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(decoded).toMatchObject({
      error: expect.any(String),
      status_code: 400,
      request_id: expect.any(String),
      details: expect.any(Array),
    });
    const withoutId = ({ request_id: _id, ...rest }: Record<string, unknown>) =>
      rest;
    expect(withoutId(decoded)).toEqual(
      withoutId(
        JSON.parse(plain.raw.toString('utf8')) as Record<string, unknown>,
      ),
    );
  });

  it('HEAD describes the plain body (its length, no Content-Encoding) and sends none, as before', async () => {
    const path = '/api/customers?limit=1000';
    const plain = await get(path);
    const encoded = await get(path, { 'accept-encoding': 'br' });
    expect(encoded.headers['content-encoding']).toBe('br');
    const head = await encodedRequest(`${testApp.baseUrl}${path}`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'br' },
    });
    expect(head.status).toBe(200);
    expect(head.raw.length).toBe(0);
    expect(head.headers['content-type']).toMatch(/^application\/json/);
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.headers['content-length']).toBe(String(plain.raw.length));
  });

  it('/metrics still needs its token; with it, the scrape is compressed when asked', async () => {
    const refused = await encodedRequest(`${testApp.baseUrl}/metrics`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.decoded.toString('utf8'))).toMatchObject({
      status_code: 401,
    });
    expect(refused.decoded.toString('utf8')).not.toMatch(/http_requests_total/);

    const scrape = await encodedRequest(`${testApp.baseUrl}/metrics`, {
      headers: {
        authorization: `Bearer ${METRICS_TOKEN}`,
        'accept-encoding': 'gzip',
      },
    });
    expect(scrape.status).toBe(200);
    expect(scrape.headers['content-encoding']).toBe('gzip');
    expect(scrape.headers['content-type']).toMatch(/^text\/plain/);
    expect(scrape.decoded.toString('utf8')).toMatch(/^http_requests_total\{/m);
  });

  it('/health and the OpenAPI document answer as before; the document compressed when asked', async () => {
    const health = await encodedRequest(`${testApp.baseUrl}/health`, {
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.decoded.toString('utf8'))).toMatchObject({
      status: 'ok',
    });

    const openApi = await encodedRequest(`${testApp.baseUrl}/swagger-json`, {
      headers: { 'accept-encoding': 'br' },
    });
    expect(openApi.status).toBe(200);
    expect(openApi.headers['content-encoding']).toBe('br');
    expect(JSON.parse(openApi.decoded.toString('utf8'))).toMatchObject({
      openapi: expect.any(String),
    });
  });

  it('a gzip-encoded request body is not decompressed: a clear 4xx, nothing created', async () => {
    const response = await encodedRequest(`${testApp.baseUrl}/api/customers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      body: gzipSync(
        JSON.stringify({ name: 'Zipped', email: 'zipped@compress.example' }),
      ),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const body = JSON.parse(response.decoded.toString('utf8')) as {
      error: string;
    };
    expect(body).toMatchObject({ status_code: response.status });
    expect(body.error).not.toMatch(/\bat .+:\d+:\d+/); // no stack
    const { rows } = await leader.query(
      "SELECT 1 FROM customers WHERE email = 'zipped@compress.example'",
    );
    expect(rows).toHaveLength(0);
  });
});
