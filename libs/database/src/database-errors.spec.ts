import { describe, expect, it } from '@jest/globals';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { isConnectionError, isDatabaseError } from './database-errors.js';

const systemError = (code: string, syscall: string) =>
  Object.assign(new Error(`${syscall} ${code}`), { code, syscall, errno: -1 });
const serverError = (code: string) =>
  Object.assign(
    new DatabaseError(
      'terminating connection due to administrator command',
      100,
      'error',
    ),
    { code },
  );

describe('isConnectionError', () => {
  it('recognises connection failures raised by pg and TypeORM', () => {
    expect(isConnectionError(systemError('ECONNREFUSED', 'connect'))).toBe(
      true,
    );
    expect(isConnectionError(systemError('ECONNRESET', 'read'))).toBe(true);
    expect(
      isConnectionError(new Error('Connection terminated unexpectedly')),
    ).toBe(true);
    expect(
      isConnectionError(new Error('timeout exceeded when trying to connect')),
    ).toBe(true);
    expect(isConnectionError(serverError('57P01'))).toBe(true);
    expect(
      isConnectionError(
        new QueryFailedError('SELECT 1', [], serverError('57P01')),
      ),
    ).toBe(true);
    const bothAddresses = Object.assign(
      new AggregateError([
        systemError('ECONNREFUSED', 'connect'),
        systemError('ECONNREFUSED', 'connect'),
      ]),
      { code: 'ECONNREFUSED' },
    );
    expect(isConnectionError(bothAddresses)).toBe(true);
  });

  it('does not take a client that aborted its upload for the database', () => {
    // What Node and Fastify raise while reading a request body the client stopped sending.
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    const prematureClose = Object.assign(new Error('Premature close'), {
      code: 'ERR_STREAM_PREMATURE_CLOSE',
    });
    const badLength = Object.assign(
      new Error('Request body size did not match Content-Length'),
      { code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH', statusCode: 400 },
    );
    for (const error of [
      aborted,
      prematureClose,
      badLength,
      { code: 'ECONNRESET' },
      { code: '08006' },
    ]) {
      expect(isDatabaseError(error)).toBe(false);
      expect(isConnectionError(error)).toBe(false);
    }
  });

  it('leaves other database errors to their own mapping', () => {
    expect(isDatabaseError(serverError('23505'))).toBe(true);
    expect(isConnectionError(serverError('23505'))).toBe(false);
  });
});
