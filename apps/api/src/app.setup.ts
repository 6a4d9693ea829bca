import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import cors from '@fastify/cors';
import { ConfigService } from '@nestjs/config';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import type { AllConfig, AppConfig } from '@app/config';
import {
  clientErrorHandler,
  frameworkErrors,
  RAW_REQUEST_ID,
  refuseConnect,
  SANE_REQUEST_ID,
} from './http/client-errors.js';
import { registerCompression } from './http/compression.js';
import { jsonBodyParser, refuseBody } from './http/json-body.js';
import { registerReplyShapes } from './http/reply-shape.js';
import { registerRequestLog } from './http/request-log.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { HttpMetrics } from './metrics/http-metrics.js';
import { servePortal } from './portal/portal-static.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Node's limit on the request line and headers together (its default, stated): beyond it 414 / 431. */
export const MAX_HEADER_BYTES = 16 * 1024;

/** A client's X-Request-Id is kept when it is a sane token; otherwise a new UUID is made. */
function requestId(raw: IncomingMessage | Http2ServerRequest): string {
  const request = raw as IncomingMessage & { [RAW_REQUEST_ID]?: string };
  const header = request.headers['x-request-id'];
  const id =
    typeof header === 'string' && SANE_REQUEST_ID.test(header)
      ? header
      : randomUUID();
  // Kept on the raw request too: a body timeout is answered by Node's server, outside Fastify.
  request[RAW_REQUEST_ID] = id;
  return id;
}

/**
 * The Fastify adapter, before the app module exists: main.ts (and the test helper) pass the
 * parsed `app` section: REQUEST_TIMEOUT_MS and TRUST_PROXY (the number of proxy hops in front).
 *
 * - `trustProxy` is a hop count, never `true`: trusting every hop makes any client's forged
 *   X-Forwarded-For its address, and the per-address throttles useless.
 * - Node enforces `requestTimeout` (whole request: headers and body) and `headersTimeout` only
 *   when it checks its connections, every 30 s by default: a stalled body was held 74 s with a
 *   15 s timeout. Checking every 1/10 of the timeout (at most 500 ms) ends it within timeout + 0.5 s.
 * - `clientErrorHandler` answers what Node rejects itself (408, 414, 431, 400), `frameworkErrors`
 *   what Fastify's router rejects (malformed URL, over-long parameter), `refuseConnect` a CONNECT
 *   (405), all in the contract's shape.
 */
export function createAdapter({
  requestTimeoutMs,
  trustProxy,
}: Pick<AppConfig, 'requestTimeoutMs' | 'trustProxy'>): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestId,
    requestTimeout: requestTimeoutMs,
    http: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.min(
        500,
        Math.max(100, Math.floor(requestTimeoutMs / 10)),
      ),
      maxHeaderSize: MAX_HEADER_BYTES,
    },
    clientErrorHandler,
    frameworkErrors,
    return503OnClosing: true,
    // No HTTP middleware anywhere (the request log is a Fastify hook): no middie on every request.
    skipMiddie: true,
    // proxy-addr's hop count (what `trustProxy: <number>` means): the socket's peer and the
    // right-most `trustProxy - 1` X-Forwarded-For entries are proxies; the next entry is the client.
    trustProxy:
      trustProxy > 0
        ? (_address: string, hop: number) => hop < trustProxy
        : false,
  });
  adapter.getInstance().server.on('connect', refuseConnect);
  return adapter;
}

export function buildOpenApi(app: NestFastifyApplication) {
  const config = new DocumentBuilder()
    .setTitle('SaaS leader/follower API')
    .setDescription(
      'Multi-tenant customers, accounts and analytics. Writes and transactional reads run on the PostgreSQL leader; ' +
        '/api/analytics runs on the follower (X-Served-By tells which). Errors: { error, status_code, request_id, details? }.',
    )
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Everything main.ts and the end-to-end tests share: logger, request log, hooks, headers, compression, CORS, Swagger. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<ConfigService<AllConfig, true>>(ConfigService);
  app.useLogger(app.get(Logger));
  app.flushLogs();

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });
  registerRequestLog(fastify, PinoLogger.root);
  registerReplyShapes(fastify);
  app.get(HttpMetrics).register(fastify);

  registerSecurityHeaders(fastify);
  app.useBodyParser(
    'application/json',
    { bodyLimit: BODY_LIMIT_BYTES },
    jsonBodyParser(fastify),
  );
  // JSON only: Nest would parse form bodies, Fastify plain text (see refuseBody).
  app.useBodyParser(
    ['application/x-www-form-urlencoded', 'text/plain'],
    { bodyLimit: BODY_LIMIT_BYTES },
    refuseBody,
  );
  // Before any route is declared: the plugin hooks each route as it is added (Nest's at listen).
  await registerCompression(app);
  // CORS is closed unless CORS_ORIGINS lists origins; without any, the plugin is not registered
  // (with `origin: false` it would still run a hook on every request to decide nothing).
  const origins = config.get('app.corsOrigins', { infer: true });
  if (origins.length > 0)
    await app.register(cors, {
      origin: origins,
      credentials: false,
      exposedHeaders: [
        'Link',
        'X-Request-Id',
        'X-Served-By',
        'X-Served-By-Replica',
        'X-Routing-Reason',
      ],
    });

  SwaggerModule.setup('swagger', app, () => buildOpenApi(app), {
    jsonDocumentUrl: 'swagger-json',
  });
  await servePortal(app, config.get('app.portalDir', { infer: true }));
}
