import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  type ArgumentsHost,
  type CanActivate,
  Catch,
  type ExceptionFilter,
  type ExecutionContext,
  HttpException,
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { register } from 'prom-client';
import type { AllConfig, MetricsConfig } from '@app/config';

export const METRICS_PATH = '/metrics';

export const METRICS_UNPROTECTED_WARNING =
  '/metrics is readable by anyone who reaches the public port: set METRICS_TOKEN (scrapers send Authorization: Bearer <token>) or METRICS_PORT (a listener of its own, not published)';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether an Authorization header carries `Bearer <expected>`; true when no token is configured.
 * Compared in constant time (over SHA-256 digests, so neither the length nor a prefix leaks).
 */
export function bearerMatches(
  expected: string | undefined,
  header: string | string[] | undefined,
): boolean {
  if (expected === undefined) return true;
  const match =
    typeof header === 'string'
      ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)
      : null;
  const given = match?.[1] ?? '';
  // Compared even without a header, so a missing one takes the time a wrong one does.
  return timingSafeEqual(digest(given), digest(expected)) && match !== null;
}

/** What stands in front of /metrics, for the start-up warning: undefined when it is protected. */
export function metricsExposureWarning(
  env: string,
  metrics: MetricsConfig,
): string | undefined {
  return env === 'production' &&
    metrics.token === undefined &&
    metrics.port === undefined
    ? METRICS_UNPROTECTED_WARNING
    : undefined;
}

const refusal = (status: number, error: string, requestId: string) => ({
  error,
  status_code: status,
  request_id: requestId,
});

const UNAUTHORIZED = 'metrics need Authorization: Bearer <METRICS_TOKEN>';

/**
 * In front of the public port's /metrics (the api's and the worker's): 404 when METRICS_PORT
 * moves /metrics to a listener of its own, 401 without `Authorization: Bearer $METRICS_TOKEN`
 * when a token is set. Errors leave as HttpExceptions: the api's filter gives them the contract's
 * shape, the worker's controller MetricsRefusalFilter.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  constructor(private readonly config: ConfigService<AllConfig, true>) {}

  canActivate(context: ExecutionContext): boolean {
    const { token, port } = this.config.get('metrics', { infer: true });
    if (port !== undefined)
      throw new NotFoundException(`Cannot GET ${METRICS_PATH}`);
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    if (!bearerMatches(token, request.headers.authorization))
      throw new UnauthorizedException(UNAUTHORIZED);
    return true;
  }
}

/**
 * The worker has no global error filter: its /metrics refusals in the contract's shape
 * ({ error, status_code, request_id }), as the api's filter writes them.
 */
@Catch(HttpException)
export class MetricsRefusalFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ id: string }>();
    const reply = http.getResponse<{
      code(status: number): { send(body: unknown): unknown };
    }>();
    const status = exception.getStatus();
    reply.code(status).send(refusal(status, exception.message, request.id));
  }
}

function answer(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
  });
  response.end(JSON.stringify(body));
}

/**
 * METRICS_PORT: /metrics (Prometheus text from the process's registry) on a listener of its own,
 * on the process's HOST; anything else there is a 404. The token, when set, is required here too.
 * Also logs, at start-up, the warning that /metrics is public (production with neither set).
 */
@Injectable()
export class MetricsListener
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('Metrics');
  private server: Server | undefined;

  constructor(private readonly config: ConfigService<AllConfig, true>) {}

  /** The port the listener is bound to (undefined without METRICS_PORT). */
  get port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const metrics = this.config.get('metrics', { infer: true });
    const warning = metricsExposureWarning(
      this.config.get('app.env', { infer: true }),
      metrics,
    );
    if (warning) this.logger.warn(warning);
    if (metrics.port === undefined) return;
    const server = createServer((request, response) => {
      const requestId = randomUUID();
      response.setHeader('X-Request-Id', requestId);
      const path = (request.url ?? '').split('?')[0];
      if (
        path !== METRICS_PATH ||
        !['GET', 'HEAD'].includes(request.method ?? '')
      ) {
        answer(response, 404, refusal(404, 'Not Found', requestId));
        return;
      }
      if (!bearerMatches(metrics.token, request.headers.authorization)) {
        answer(response, 401, refusal(401, UNAUTHORIZED, requestId));
        return;
      }
      register.metrics().then(
        (text) => {
          response.writeHead(200, { 'Content-Type': register.contentType });
          response.end(request.method === 'HEAD' ? undefined : text);
        },
        () => {
          answer(
            response,
            500,
            refusal(500, 'Internal server error', requestId),
          );
        },
      );
    });
    const host = this.config.get('app.host', { infer: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(metrics.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(
      `/metrics on ${host}:${String(metrics.port)} (not on the public port)`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  }
}
