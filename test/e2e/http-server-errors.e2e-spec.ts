// What the HTTP server answers before (or instead of) routing: stalled bodies and headers, oversized
// request lines and headers, unknown methods, malformed URLs, aborted uploads. Raw sockets, because
// fetch cannot send a body that stops or headers that never end.
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest,
} from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { ErrorResponseDto } from '../../apps/api/src/common/error-response.dto.js';
import { Http } from '../support/http.js';
import { portOf, rawExchange } from '../support/raw-http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TIMEOUT_MS = 1500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('HTTP server errors', () => {
  let testApp: TestApp;
  let http: Http;
  let port: number;
  let errorLog: jest.SpiedFunction<Logger['error']>;

  beforeAll(async () => {
    testApp = await startTestApp({ REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) });
    http = new Http(testApp.baseUrl);
    port = portOf(testApp.baseUrl);
  });
  afterAll(() => testApp.close());
  beforeEach(() => {
    errorLog = jest.spyOn(Logger.prototype, 'error');
  });
  afterEach(() => {
    errorLog.mockRestore();
  });

  /** The contract's error shape, with the X-Request-Id header equal to the body's request_id. */
  function expectContractError(
    response: {
      status: number;
      headers: Record<string, string> | Headers;
      body: ErrorResponseDto;
    },
    status: number,
    requestId: string | RegExp = UUID,
  ) {
    const header =
      response.headers instanceof Headers
        ? response.headers.get('x-request-id')
        : response.headers['x-request-id'];
    expect(response.status).toBe(status);
    expect(response.body).toEqual({
      error: expect.any(String),
      status_code: status,
      request_id: expect.stringMatching(requestId),
    });
    expect(header).toBe(response.body.request_id);
  }

  it('answers a body that stops arriving with 408 within the request timeout + 1 s', async () => {
    const response = await rawExchange<ErrorResponseDto>(port, [
      'POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 100\r\nX-Request-Id: slow-body-1\r\n\r\n{"username":',
    ]);
    expectContractError(response, 408, /^slow-body-1$/);
    expect(response.body.error).toBe(
      'Request not received within the request timeout',
    );
    expect(response.elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(response.elapsedMs).toBeLessThan(TIMEOUT_MS + 1000);
    expect(errorLog).not.toHaveBeenCalled();
  });

  it('answers headers that stop arriving with 408 within the request timeout + 1 s', async () => {
    const response = await rawExchange<ErrorResponseDto>(port, [
      'GET /health HTTP/1.1\r\nHost: test\r\nX-Partial: yes\r\n',
    ]);
    expectContractError(response, 408);
    expect(response.elapsedMs).toBeLessThan(TIMEOUT_MS + 1000);
  });

  it('answers headers over 16 KiB with 431 and a request line over 16 KiB with 414', async () => {
    const headers = await rawExchange<ErrorResponseDto>(port, [
      `GET /health HTTP/1.1\r\nHost: test\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    ]);
    expectContractError(headers, 431);
    expect(headers.body.error).toBe('Request headers are too large');
    const url = await rawExchange<ErrorResponseDto>(port, [
      `GET /health?x=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: test\r\n\r\n`,
    ]);
    expectContractError(url, 414);
    expect(url.body.error).toBe('URL is too long');
  });

  it('answers a malformed request with 400 in the contract shape', async () => {
    expectContractError(
      await rawExchange<ErrorResponseDto>(port, ['NOT HTTP AT ALL\r\n\r\n']),
      400,
    );
  });

  it('answers an over-long route parameter (414) and a malformed URL (400) in the contract shape', async () => {
    // PUT: a GET would match the portal's catch-all route (when the portal is built) and be a 404.
    const long = await http.request<ErrorResponseDto>(
      'PUT',
      `/api/customers/${'1'.repeat(200)}`,
      { name: 'a' },
      { 'x-request-id': 'long-param-1' },
    );
    expectContractError(long, 414, /^long-param-1$/);
    expect(long.body.error).toBe('URL is too long');
    const malformed = await http.get<ErrorResponseDto>(
      '/api/customers/%E0%A4%A',
      {
        'x-request-id': 'bad-url-1',
      },
    );
    expectContractError(malformed, 400, /^bad-url-1$/);
    expect(malformed.body.error).toBe('Malformed URL');
  });

  it('answers TRACE and unknown methods in the contract shape', async () => {
    for (const method of ['TRACE', 'PROPFIND', 'BREW']) {
      const response = await rawExchange<ErrorResponseDto>(port, [
        `${method} /api/customers HTTP/1.1\r\nHost: test\r\nX-Request-Id: method-1\r\nConnection: close\r\n\r\n`,
      ]);
      expect([
        [method, 404],
        [method, 405],
        [method, 400],
      ]).toContainEqual([method, response.status]);
      expectContractError(
        response,
        response.status,
        response.status === 400 ? UUID : /^method-1$/,
      );
      expect(response.body.error).not.toMatch(/Cannot/);
    }
    // Node leaves CONNECT to 'connect' listeners and otherwise hangs up without an answer.
    const connectMethod = await rawExchange<ErrorResponseDto>(port, [
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nX-Request-Id: connect-1\r\n\r\n',
    ]);
    expectContractError(connectMethod, 405, /^connect-1$/);
  });

  it('does not take an aborted upload for a database failure: no error logged, no 503 counted', async () => {
    // Events, not sleeps: the server has parsed the request's head (Node's 'request' event), so the
    // upload is under way when the client resets; then the server sees that request close, unfinished.
    const server = testApp.app.getHttpServer();
    const received = new Promise<IncomingMessage>((resolve) =>
      server.once('request', (request: IncomingMessage) => {
        resolve(request);
      }),
    );
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) =>
      socket.once('connect', () => {
        resolve();
      }),
    );
    socket.write(
      'POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n',
    );
    socket.write(`{"username":"${'a'.repeat(5000)}`);
    const request = await received;
    const closed = new Promise<void>((resolve) => {
      if (request.closed) resolve();
      else
        request.once('close', () => {
          resolve();
        });
    });
    socket.resetAndDestroy();
    await closed;
    expect(request.complete).toBe(false);

    // Whatever the abort set off on the server has run by the time a later request is answered.
    const metrics = (await http.get('/metrics')).text;
    expect(metrics).not.toMatch(
      /http_requests_total\{[^}]*status_code="5\d\d"\}/,
    );
    expect(errorLog).not.toHaveBeenCalled();
  });
});
