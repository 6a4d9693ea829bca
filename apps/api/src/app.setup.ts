import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import { ConfigService } from '@nestjs/config';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AllConfig } from './config/index.js';
import { HttpMetrics } from './metrics/http-metrics.js';
import { servePortal } from './portal/portal-static.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** A client's X-Request-Id is kept when it is a sane token; otherwise a new UUID is made. */
function requestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

export function createAdapter(requestTimeoutMs = 15_000): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (request: IncomingMessage) => requestId(request.headers['x-request-id']),
    requestTimeout: requestTimeoutMs,
    return503OnClosing: true,
    trustProxy: true,
  });
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

/** Everything main.ts and the end-to-end tests share: logger, hooks, headers, CORS, Swagger. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<ConfigService<AllConfig, true>>(ConfigService);
  app.useLogger(app.get(Logger));
  app.flushLogs();

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  app.get(HttpMetrics).register(fastify);

  await app.register(helmet, {
    // The Swagger UI page needs inline scripts and styles.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
      },
    },
  });
  const origins = config.get('app.corsOrigins', { infer: true });
  await app.register(cors, { origin: origins.length > 0 ? origins : false, credentials: false, exposedHeaders: ['Link', 'X-Request-Id', 'X-Served-By'] });

  SwaggerModule.setup('swagger', app, () => buildOpenApi(app), { jsonDocumentUrl: 'swagger-json' });
  await servePortal(app, config.get('app.portalDir', { infer: true }));
}
