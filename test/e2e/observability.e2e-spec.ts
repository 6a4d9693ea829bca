import { describe, expect, it } from '@jest/globals';
import type { ErrorResponseDto } from '../../apps/api/src/common/error-response.dto.js';
import type { CustomerDto } from '../../apps/api/src/customers/dto/customer.dto.js';
import { signUp } from '../support/http.js';
import { useTestApp } from '../support/test-app.js';

/** Every route of the contract, as [method, OpenAPI path]. */
/** The parts of the OpenAPI document these checks read. */
interface OpenApiDocument {
  openapi: string;
  paths: Partial<
    Record<string, Partial<Record<string, { requestBody?: unknown }>>>
  >;
  components: {
    securitySchemes: Record<string, unknown>;
    schemas: Record<string, { properties: Record<string, unknown> }>;
  };
}

const CONTRACT_ROUTES: [string, string][] = [
  ['post', '/api/auth/register'],
  ['post', '/api/auth/login'],
  ['get', '/api/auth/me'],
  ['get', '/api/customers'],
  ['post', '/api/customers'],
  ['get', '/api/customers/{id}'],
  ['put', '/api/customers/{id}'],
  ['delete', '/api/customers/{id}'],
  ['get', '/api/customers/{id}/accounts'],
  ['get', '/api/accounts'],
  ['post', '/api/accounts'],
  ['get', '/api/accounts/{id}'],
  ['put', '/api/accounts/{id}'],
  ['delete', '/api/accounts/{id}'],
  ['get', '/api/analytics'],
  ['get', '/api/analytics/customers/{id}'],
  ['get', '/api/users'],
  ['post', '/api/users'],
  ['get', '/health'],
];

describe('observability and HTTP hygiene', () => {
  const suite = useTestApp();

  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    const echoed = await suite.http.get('/health', {
      'x-request-id': 'trace-abc.123',
    });
    expect(echoed.headers.get('x-request-id')).toBe('trace-abc.123');
    const generated = await suite.http.get('/health', {
      'x-request-id': 'bad id with spaces',
    });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const error = await suite.http.get<ErrorResponseDto>('/api/customers', {
      'x-request-id': 'err-42',
    });
    expect(error.body.request_id).toBe('err-42');
  });

  it('exposes the contract metrics on /metrics with route patterns, not raw URLs', async () => {
    const { client } = await signUp(suite.http, 'metrics');
    const created = await client.post<CustomerDto>('/api/customers', {
      name: 'M',
      email: `m-${Date.now()}@x.example`,
    });
    await client.get(`/api/customers/${created.body.id}`);
    const metrics = await suite.http.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(
      /^http_requests_total\{method="GET",route="\/api\/customers\/:id",status_code="200"\} \d+/m,
    );
    expect(metrics.text).toMatch(
      /^http_request_duration_seconds_bucket\{.*route="\/api\/customers\/:id".*\} \d+/m,
    );
    expect(metrics.text).not.toContain(
      `route="/api/customers/${created.body.id}"`,
    );
    expect(metrics.text).toMatch(
      /^db_pool_connections\{datasource="primary",state="total"\} \d+/m,
    );
    expect(metrics.text).toMatch(
      /^db_pool_connections\{datasource="analytics_1",state="idle"\} \d+/m,
    );
    expect(metrics.text).toMatch(
      /^db_pool_connections\{datasource="primary",state="waiting"\} \d+/m,
    );
    expect(metrics.text).toMatch(/^process_cpu_user_seconds_total /m);
    // Each follower's status, one series per status (NoFollowerInRotation alerts on `up`).
    for (const replica of ['1', '2'])
      expect(
        [
          ...metrics.text.matchAll(
            new RegExp(
              `^db_replica_status\\{replica="${replica}",status="(\\w+)"\\} (\\d)$`,
              'gm',
            ),
          ),
        ].map((match) => [match[1], Number(match[2])]),
      ).toEqual([
        ['up', 1],
        ['lagging', 0],
        ['down', 0],
      ]);
  });

  it('does not count the scrape itself as a connection waiting for the pool', async () => {
    // The jobs gauge (in-process mode here) queries the primary during the scrape; with idle
    // connections in the pool nothing waits, so an alert on waiting > 0 must not fire on every scrape.
    await suite.http.get('/metrics');
    for (let scrape = 0; scrape < 5; scrape += 1) {
      const metrics = (await suite.http.get('/metrics')).text;
      const read = (state: string) =>
        Number(
          new RegExp(
            `^db_pool_connections\\{datasource="primary",state="${state}"\\} (\\d+)`,
            'm',
          ).exec(metrics)?.[1],
        );
      expect(read('idle')).toBeGreaterThan(0);
      expect(read('waiting')).toBe(0);
    }
  });

  it('documents every route in /swagger-json with Bearer auth', async () => {
    const response = await suite.http.get<OpenApiDocument>('/swagger-json');
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const [method, path] of CONTRACT_ROUTES) {
      expect({
        route: `${method} ${path}`,
        documented: Boolean(document.paths[path]?.[method]),
      }).toEqual({
        route: `${method} ${path}`,
        documented: true,
      });
    }
    expect(document.paths['/api/customers']?.post?.requestBody).toBeDefined();
    expect(
      document.components.schemas.CustomerDto.properties.created_at,
    ).toBeDefined();
    expect((await suite.http.get('/swagger')).status).toBe(200);
  });

  it('sends security headers and keeps CORS closed by default', async () => {
    const response = await suite.http.get('/health', {
      origin: 'https://evil.example',
    });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    // A preflight finds no route and no CORS header either.
    const preflight = await suite.http.request(
      'OPTIONS',
      '/api/customers',
      undefined,
      {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
      },
    );
    expect(preflight.status).toBe(404);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
  });
});

describe('CORS with CORS_ORIGINS', () => {
  const suite = useTestApp({ CORS_ORIGINS: 'https://admin.example' });

  it('allows only the listed origins', async () => {
    const http = suite.http;
    expect(
      (
        await http.get('/health', { origin: 'https://admin.example' })
      ).headers.get('access-control-allow-origin'),
    ).toBe('https://admin.example');
    expect(
      (
        await http.get('/health', { origin: 'https://evil.example' })
      ).headers.get('access-control-allow-origin'),
    ).toBeNull();
    const preflight = await http.request(
      'OPTIONS',
      '/api/customers',
      undefined,
      {
        origin: 'https://admin.example',
        'access-control-request-method': 'POST',
      },
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(
      'https://admin.example',
    );
  });
});
