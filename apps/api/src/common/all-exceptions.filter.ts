import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import {
  isConnectionError,
  isDatabaseError,
  isOverloadError,
  pgErrorCode,
} from '@app/database';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ConflictError,
  DomainError,
  InvalidCredentialsError,
  InvalidInputError,
  JobsUnavailableError,
  NotFoundError,
  SessionInvalidError,
  TooManyAttemptsError,
  UnprocessableReferenceError,
} from '@app/common';
import {
  describeFirstProblem,
  RequestValidationError,
  type FieldError,
} from './validation.js';

interface Mapped {
  status: number;
  error: string;
  details?: FieldError[];
  headers?: Record<string, string>;
}

const RETRY_AFTER_SECONDS = '5';

/** Fastify's own request errors (body parsing, limits) carry a FST_ code and a 4xx statusCode. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'Malformed JSON body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Request body is empty',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large (limit 1 MiB)',
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    'Unsupported content type (use application/json)',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Invalid Content-Length',
};

/** How a request body stream ends when the client goes away mid-upload (Node's and Fastify's codes). */
const CLIENT_ABORT_CODES = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

function mapDomain(error: DomainError): Mapped {
  if (error instanceof NotFoundError)
    return { status: 404, error: error.message };
  if (error instanceof ConflictError)
    return { status: 409, error: error.message };
  if (error instanceof UnprocessableReferenceError)
    return { status: 422, error: error.message };
  if (
    error instanceof InvalidCredentialsError ||
    error instanceof SessionInvalidError
  )
    return { status: 401, error: error.message };
  if (error instanceof TooManyAttemptsError) {
    return {
      status: 429,
      error: error.message,
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
    };
  }
  if (error instanceof JobsUnavailableError)
    return {
      status: 503,
      error: error.message,
      headers: { 'Retry-After': RETRY_AFTER_SECONDS },
    };
  if (error instanceof InvalidInputError) {
    const details = [{ field: error.field ?? '', message: error.message }];
    return {
      status: 400,
      error: describeFirstProblem(details),
      details: error.field ? details : undefined,
    };
  }
  return { status: 500, error: 'Internal server error' };
}

function mapHttp(error: HttpException): Mapped {
  const status = error.getStatus();
  if (error instanceof RequestValidationError) {
    return {
      status,
      error: describeFirstProblem(error.details),
      details: error.details,
    };
  }
  const body = error.getResponse();
  let message =
    typeof body === 'string'
      ? body
      : ((body as { message?: unknown }).message ?? error.message);
  if (Array.isArray(message)) message = message.join('; ');
  // Nest's "Cannot TRACE /path": any method, the standard ones and TRACE, PROPFIND, ...
  if (
    status === (HttpStatus.NOT_FOUND as number) &&
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a thrower may pass any message: stringified as it always was
    /^Cannot [A-Z-]+ /.test(String(message))
  ) {
    message = 'Route not found';
  }
  if (status === (HttpStatus.TOO_MANY_REQUESTS as number))
    message = 'Too many requests, try again later';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- as above
  return { status, error: String(message) };
}

function mapDatabase(error: unknown): Mapped | undefined {
  if (isConnectionError(error) || isOverloadError(error)) {
    return {
      status: 503,
      error: 'Service temporarily unavailable, retry shortly',
      headers: { 'Retry-After': RETRY_AFTER_SECONDS },
    };
  }
  switch (pgErrorCode(error)) {
    case '23505':
      return { status: 409, error: 'Conflicts with an existing record' };
    case '23503':
      return { status: 422, error: 'References a record that does not exist' };
    case '22P02':
    case '22003':
    case '22001':
      return { status: 400, error: 'Invalid value' };
    default:
      return undefined;
  }
}

/**
 * A client that hung up while sending its body: nobody will read the answer, and it is not a
 * failure of ours. It must not look like a database outage (the same ECONNRESET code) in the logs
 * or as a 503 in the metrics.
 */
function mapClientAbort(error: unknown): Mapped | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (
    typeof code !== 'string' ||
    !CLIENT_ABORT_CODES.has(code) ||
    isDatabaseError(error)
  )
    return undefined;
  return { status: 400, error: 'Request was not received completely' };
}

function mapFastify(error: unknown): Mapped | undefined {
  const candidate = error as
    { code?: unknown; statusCode?: unknown } | null | undefined;
  if (typeof candidate?.code !== 'string' || !candidate.code.startsWith('FST_'))
    return undefined;
  const status =
    typeof candidate.statusCode === 'number' ? candidate.statusCode : 500;
  if (status >= 500) return undefined;
  return { status, error: FASTIFY_MESSAGES[candidate.code] ?? 'Bad request' };
}

/**
 * The one place errors become HTTP responses: `{ error, status_code, request_id, details? }`.
 * Anything not recognised is logged with the request id and answered as a bare 500:
 * no stack, SQL or driver message ever reaches the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<FastifyRequest>();
    const reply = context.getResponse<FastifyReply>();

    /* eslint-disable @typescript-eslint/prefer-nullish-coalescing -- the `instanceof ... &&` terms give false, which ?? would keep */
    const mapped = (exception instanceof DomainError && mapDomain(exception)) ||
      // Nest's Fastify adapter wraps Fastify's own 4xx errors in an HttpException (cause: the original).
      mapFastify(
        exception instanceof HttpException ? exception.cause : exception,
      ) ||
      (exception instanceof HttpException && mapHttp(exception)) ||
      mapClientAbort(exception) ||
      mapDatabase(exception) || { status: 500, error: 'Internal server error' };
    /* eslint-enable @typescript-eslint/prefer-nullish-coalescing */

    if (mapped.status >= 500) {
      this.logger.error(
        {
          err: exception,
          req_id: request.id,
          route: request.routeOptions.url,
        },
        `${request.method} ${request.routeOptions.url ?? request.url} failed with ${mapped.status}`,
      );
    }

    for (const [name, value] of Object.entries(mapped.headers ?? {}))
      reply.header(name, value);
    void reply
      .status(mapped.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send({
        error: mapped.error,
        status_code: mapped.status,
        request_id: request.id,
        ...(mapped.details ? { details: mapped.details } : {}),
      });
  }
}
