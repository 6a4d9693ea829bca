import { describe, expect, it, jest } from '@jest/globals';
import type { ArgumentsHost } from '@nestjs/common';
import {
  CustomerNotFound,
  JobsUnavailableError,
  UnknownJobError,
} from '@app/common';
import { AllExceptionsFilter } from './all-exceptions.filter.js';

/** A Fastify reply that records what the filter sends. */
function setup() {
  const sent: {
    status?: number;
    headers: Record<string, string>;
    body?: unknown;
  } = { headers: {} };
  const reply = {
    status: jest.fn((code: number) => ((sent.status = code), reply)),
    header: jest.fn(
      (name: string, value: string) => (
        (sent.headers[name.toLowerCase()] = value),
        reply
      ),
    ),
    send: jest.fn((body: unknown) => ((sent.body = body), reply)),
  };
  const request = {
    id: 'req-500',
    method: 'GET',
    url: '/api/customers/1',
    routeOptions: { url: '/api/customers/:id' },
  };
  const host = {
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => reply,
    }),
  } as unknown as ArgumentsHost;
  const sut = new AllExceptionsFilter();
  const logged = jest
    .spyOn(
      (sut as unknown as { logger: { error: (...args: unknown[]) => void } })
        .logger,
      'error',
    )
    .mockImplementation(() => undefined);
  return { sut, host, sent, logged };
}

describe('AllExceptionsFilter', () => {
  it.each([
    [
      'an Error with SQL in its message',
      new Error(
        'relation "secret_table" does not exist: SELECT password_hash FROM users',
      ),
    ],
    [
      'a TypeError with a stack',
      new TypeError("Cannot read properties of undefined (reading 'id')"),
    ],
    ['a thrown string', 'select * from users'],
    [
      'a domain error of no HTTP family (libs/jobs’ UnknownJobError)',
      new UnknownJobError('secret-job'),
    ],
    [
      'a driver-shaped error of an unmapped code',
      Object.assign(new Error('permission denied for table users'), {
        code: '42501',
        detail: 'd',
        query: 'SELECT 1',
      }),
    ],
  ])(
    'answers %s as exactly { error, status_code, request_id }: nothing of the error leaks',
    (_name, exception) => {
      const { sut, host, sent, logged } = setup();
      sut.catch(exception, host);
      expect(sent.status).toBe(500);
      expect(sent.body).toStrictEqual({
        error: 'Internal server error',
        status_code: 500,
        request_id: 'req-500',
      });
      // The error itself goes to the log, with the request id, for the operator.
      expect(logged).toHaveBeenCalledWith(
        expect.objectContaining({ err: exception, req_id: 'req-500' }),
        expect.stringContaining('failed with 500'),
      );
    },
  );

  it.each([
    [
      'the shared library’s JobsUnavailableError (thrown by libs/jobs)',
      new JobsUnavailableError(),
      503,
      { 'retry-after': '5' },
    ],
    ['a NotFoundError of the api', new CustomerNotFound(), 404, {}],
  ])(
    'maps %s to its status in the contract shape',
    (_name, exception, status, headers) => {
      const { sut, host, sent } = setup();
      sut.catch(exception, host);
      expect(sent.status).toBe(status);
      expect(sent.headers).toMatchObject(headers);
      expect(sent.body).toStrictEqual({
        error: exception.message,
        status_code: status,
        request_id: 'req-500',
      });
    },
  );
});
