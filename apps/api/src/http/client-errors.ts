import { randomUUID } from 'node:crypto';
import {
  type IncomingMessage,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Socket } from 'node:net';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import { securityHeadersFor } from './security-headers.js';

/** Where genReqId leaves the request id on the raw request, for errors answered outside Fastify. */
export const RAW_REQUEST_ID = Symbol('requestId');

type RawRequest = IncomingMessage & { [RAW_REQUEST_ID]?: string };
type ClientError = Error & { code?: string; rawPacket?: unknown };

/** When the headers overflow and the request line alone is longer than this, the answer is 414, not 431. */
const MAX_REQUEST_LINE = 8 * 1024;
const REQUEST_LINE_START = /^[A-Z]+ /;
/** The X-Request-Id values kept (as genReqId keeps them); anything else gets a new UUID. */
export const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * What Node's HTTP parser rejected, in the contract's words. A header block over `maxHeaderSize`
 * whose first line never ended is a URL too long (414), anything else in it is 431.
 */
function describe(error: ClientError): { status: number; message: string } {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        message: 'Request not received within the request timeout',
      };
    case 'HPE_HEADER_OVERFLOW': {
      const packet = Buffer.isBuffer(error.rawPacket)
        ? error.rawPacket.subarray(0, MAX_REQUEST_LINE + 2).toString('latin1')
        : '';
      return REQUEST_LINE_START.test(packet) && !packet.includes('\r\n')
        ? { status: 414, message: 'URL is too long' }
        : { status: 431, message: 'Request headers are too large' };
    }
    default:
      return { status: 400, message: 'Malformed HTTP request' };
  }
}

/**
 * Fastify's `clientErrorHandler`: Node's HTTP server calls it for what never became a request
 * (malformed or oversized request line and headers, headers that did not arrive in time) and for
 * a request whose body did not arrive within `requestTimeout`. Answers in the contract's shape,
 * `{ error, status_code, request_id }` with an X-Request-Id header (the request's own id when
 * Fastify had already given it one), then closes the connection, as Node itself would.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: ClientError,
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })
    ._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const { status, message } = describe(error);
    const requestId =
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc needs it: IncomingMessage has no index for the symbol genReqId sets
      (inFlight?.req as RawRequest | undefined)?.[RAW_REQUEST_ID] ??
      randomUUID();
    writeError(socket, status, message, requestId);
    this.log.debug(
      { err: error, req_id: requestId },
      `client error answered ${status}`,
    );
  }
  socket.destroy(error);
}

/**
 * Node hands a CONNECT request (a proxy tunnel) to the server's 'connect' listeners and, with
 * none, closes the connection without a word. We are not a proxy: 405 in the contract's shape.
 */
export function refuseConnect(request: IncomingMessage, socket: Socket): void {
  const header = request.headers['x-request-id'];
  const requestId =
    typeof header === 'string' && SANE_REQUEST_ID.test(header)
      ? header
      : randomUUID();
  if (socket.writable) writeError(socket, 405, 'Method not allowed', requestId);
  socket.destroy();
}

/** A complete JSON error response written straight to the socket, which is then closed. */
function writeError(
  socket: Socket,
  status: number,
  message: string,
  requestId: string,
): void {
  const body = JSON.stringify({
    error: message,
    status_code: status,
    request_id: requestId,
  });
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** What the router rejects before any hook or Nest sees the request, in the contract's words. */
const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: 'Malformed URL',
  FST_ERR_MAX_PARAM_LENGTH: 'URL is too long',
};

/**
 * Fastify's `frameworkErrors`: a malformed URL (400) or a route parameter over `maxParamLength`
 * (414) is answered by the router before the onRequest hooks and Nest's filter run, so this
 * answers it in the contract's shape, with the X-Request-Id and security headers the hooks would
 * have set. (It replaces Nest's default, which passed the error to Fastify's own error body.)
 */
export function frameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status =
    error.statusCode !== undefined && error.statusCode < 500
      ? error.statusCode
      : 500;
  const message =
    FRAMEWORK_MESSAGES[error.code] ??
    (status < 500 ? 'Bad request' : 'Internal server error');
  void reply
    .headers(securityHeadersFor(request))
    .header('X-Request-Id', request.id)
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: message, status_code: status, request_id: request.id });
}
