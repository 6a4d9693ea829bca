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

const CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection ended unexpectedly',
];

/** The pg error underneath a TypeORM QueryFailedError, or the error itself. */
function driverErrorOf(error: unknown): { code?: string; message?: string } {
  const candidate = error as { driverError?: unknown } | null;
  return ((candidate && candidate.driverError) ?? error ?? {}) as { code?: string; message?: string };
}

export function pgErrorCode(error: unknown): string | undefined {
  return driverErrorOf(error).code;
}

/** True when the server could not be reached or dropped the connection: worth a 503 or a fallback. */
export function isConnectionError(error: unknown): boolean {
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
  return code === '40001' && /conflict with recovery/i.test(driverErrorOf(error).message ?? '');
}
