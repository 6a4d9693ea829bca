import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger, Level } from 'pino';
import { isProbePath } from '@app/common';

function levelOf(status: number): Level {
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}

/** The request as its line shows it: no headers (no token or cookie to redact), the client's address as TRUST_PROXY resolves it. */
function requestFields(request: FastifyRequest) {
  return {
    id: request.id,
    method: request.method,
    url: request.url,
    remoteAddress: request.ip,
  };
}

/**
 * One log line per request, written by the app's pino logger when the response has been sent
 * (`request completed`, with the status, the time in milliseconds and the request id; warn for
 * 4xx, error for 5xx) or when the client went away first (`request aborted`, warn). What Node
 * rejects before Fastify sees a request (a malformed request line, headers over the limit, a body
 * timeout) is answered by clientErrorHandler instead, and logged there at debug.
 *
 * A Fastify hook, not an HTTP middleware (pino-http through Nest's middleware layer): no
 * middleware runs per request, and no AsyncLocalStorage context is entered, which on Node 20
 * turns on promise hooks for every promise of the process. Lines written inside a request by
 * Nest's Logger therefore name the request themselves where it matters (the exception filter
 * logs `req_id`).
 */
export function registerRequestLog(
  fastify: FastifyInstance,
  logger: Logger,
): void {
  fastify.addHook(
    'onResponse',
    (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const level = levelOf(reply.statusCode);
      if (logger.isLevelEnabled(level) && !isProbePath(request.url))
        logger[level](
          {
            req: requestFields(request),
            res: { statusCode: reply.statusCode },
            responseTime: reply.elapsedTime,
          },
          'request completed',
        );
      done();
    },
  );
  fastify.addHook('onRequestAbort', (request, done) => {
    if (logger.isLevelEnabled('warn'))
      logger.warn({ req: requestFields(request) }, 'request aborted');
    done();
  });
}
