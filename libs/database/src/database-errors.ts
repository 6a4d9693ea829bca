import { types } from 'node:util';
import { DatabaseError } from 'pg';
import { TypeORMError } from 'typeorm';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300', // too_many_connections
]);

/** Messages only pg and pg-pool write, for connections they lost or could not open. */
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection ended unexpectedly',
];

/** The pg error underneath a TypeORM QueryFailedError, or the error itself. */
function driverErrorOf(error: unknown): { code?: string; message?: string } {
  const candidate = error as { driverError?: unknown } | null;
  return candidate?.driverError ?? error ?? {};
}

export function pgErrorCode(error: unknown): string | undefined {
  return driverErrorOf(error).code;
}

/**
 * True for an error raised by a database connection, judged by where it comes from rather than by
 * its code: TypeORM's errors (QueryFailedError wraps the driver's), a message from the server
 * (pg's DatabaseError), pg's own connection errors, and an operating-system error on a socket the
 * process itself opened (it has a `syscall`: connect, read, getaddrinfo). An HTTP client that
 * aborts its upload also yields ECONNRESET ("aborted", no syscall), or ERR_STREAM_PREMATURE_CLOSE,
 * or a FST_ERR_CTP_* code: none of those is the database's, and none may become a 503.
 */
export function isDatabaseError(error: unknown): boolean {
  if (error instanceof TypeORMError || error instanceof DatabaseError)
    return true;
  // isNativeError: Node's own errors come from another realm under Jest, where instanceof fails.
  if (!(error instanceof Error || types.isNativeError(error))) return false;
  const { syscall, errors } = error as { syscall?: unknown; errors?: unknown };
  if (typeof syscall === 'string') return true;
  // Connecting to a host name with several addresses fails with an AggregateError of socket errors.
  if (Array.isArray(errors)) return errors.some(isDatabaseError);
  return CONNECTION_MESSAGES.some((fragment) =>
    error.message.includes(fragment),
  );
}

/** True when the database could not be reached or dropped the connection: worth a 503 or a fallback. */
export function isConnectionError(error: unknown): boolean {
  if (!isDatabaseError(error)) return false;
  const driverError = driverErrorOf(error);
  if (driverError.code && CONNECTION_CODES.has(driverError.code)) return true;
  const message = driverError.message ?? '';
  return CONNECTION_MESSAGES.some((fragment) => message.includes(fragment));
}

/** Statement timeout or lock timeout: the database is overloaded, the request may be retried. */
export function isOverloadError(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === '57014' || code === '55P03';
}

/** A standby cancelled a query that conflicted with WAL replay: the leader can answer instead. */
export function isRecoveryConflict(error: unknown): boolean {
  const code = pgErrorCode(error);
  return (
    code === '40001' &&
    /conflict with recovery/i.test(driverErrorOf(error).message ?? '')
  );
}
