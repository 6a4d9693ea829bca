import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AccountDto } from '../../apps/api/src/accounts/dto/account.dto.js';
import type { ErrorResponseDto } from '../../apps/api/src/common/error-response.dto.js';
import type { CustomerDto } from '../../apps/api/src/customers/dto/customer.dto.js';
import type { EnqueuedJobDto } from '../../apps/api/src/jobs/dto/jobs.dto.js';
import { Http, signUp, uniqueName } from '../support/http.js';
import { type AppWithLeader, startAppWithLeader } from '../support/test-app.js';
import { stopAll } from '../support/stop-all.js';

/** Leaks that must never appear in an error body. */
const LEAKS =
  /(\bat \w+ \(|\.ts:\d+|SELECT|INSERT|UPDATE |duplicate key|violates|QueryFailedError|out of range|node_modules|stack)/i;

const b64 = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

describe('input PostgreSQL cannot take, id aliases, list limits, error sentences', () => {
  let app: AppWithLeader;
  let api: Http;
  let organizationId: number;
  let customerId: number;
  let accountId: number;

  beforeAll(async () => {
    // Jobs in-process (pg-boss on the primary), so that job ids are checked without Redis.
    app = await startAppWithLeader();
    ({ client: api, organizationId } = await signUp(app.http, 'harden'));
    customerId = (
      await api.post<CustomerDto>('/api/customers', {
        name: 'Kept',
        email: 'kept@x.example',
      })
    ).body.id;
    accountId = (
      await api.post<AccountDto>('/api/accounts', {
        customer_id: customerId,
        name: 'Kept plan',
      })
    ).body.id;
  });
  afterAll(async () => {
    await stopAll(app);
  });

  /** Sends the request and checks: 400, the contract's shape, `field` named first and in `error`, nothing leaked, nothing changed. */
  async function expectRejected(
    method: string,
    path: string,
    body: unknown,
    field: string,
    client: Http = api,
  ) {
    const before = await app.fingerprint(organizationId);
    const response = await client.request<ErrorResponseDto>(method, path, body);
    expect({ status: response.status, body: response.body }).toMatchObject({
      status: 400,
      body: {
        status_code: 400,
        request_id: expect.any(String),
        error: expect.stringMatching(
          new RegExp(`^${field.replace(/[.]/g, '\\.')}: `),
        ),
      },
    });
    expect(response.body.details?.[0]).toEqual({
      field,
      message: expect.any(String),
    });
    expect(response.text).not.toMatch(LEAKS);
    expect(await app.fingerprint(organizationId)).toBe(before);
    return response;
  }

  describe('text PostgreSQL cannot store, anywhere in a body or query: 400 naming the field', () => {
    const email = () => `${uniqueName('t')}@x.example`;
    it.each([
      [
        'a NUL in a customer name',
        'POST',
        '/api/customers',
        () => ({ name: 'a\u0000b', email: email() }),
        'name',
      ],
      [
        'a NUL in an e-mail',
        'POST',
        '/api/customers',
        () => ({ name: 'n', email: `a\u0000${email()}` }),
        'email',
      ],
      [
        'an unpaired high surrogate in an e-mail (isEmail throws URIError)',
        'POST',
        '/api/customers',
        () => ({ name: 'n', email: `a\ud800${email()}` }),
        'email',
      ],
      [
        'an unpaired low surrogate in a name',
        'POST',
        '/api/customers',
        () => ({ name: 'x\udc00', email: email() }),
        'name',
      ],
      [
        'a NUL in a field name',
        'POST',
        '/api/customers',
        () => ({ name: 'n', email: email(), 'x\u0000y': 1 }),
        'x\ufffdy',
      ],
      [
        'a NUL in an account name',
        'POST',
        '/api/accounts',
        () => ({ customer_id: 1, name: 'p\u0000' }),
        'name',
      ],
      [
        'a NUL nested in an array',
        'POST',
        '/api/customers',
        () => ({ name: 'n', email: email(), tags: ['ok', 'b\u0000d'] }),
        'tags.1',
      ],
    ] as const)('%s', async (_label, method, path, body, field) => {
      await expectRejected(method, path, body(), field);
    });

    it('a NUL or unpaired surrogate in PUT bodies leaves the row as it was', async () => {
      await expectRejected(
        'PUT',
        `/api/customers/${customerId}`,
        { name: 'Kept', email: 'kept\u0000@x.example' },
        'email',
      );
      await expectRejected(
        'PUT',
        `/api/customers/${customerId}`,
        { name: 'K\ud83d', email: 'kept@x.example' },
        'name',
      );
      await expectRejected(
        'PUT',
        `/api/accounts/${accountId}`,
        { name: 'p\u0000', status: 'active' },
        'name',
      );
    });

    it('on the auth routes too: register and login', async () => {
      await expectRejected(
        'POST',
        '/api/auth/register',
        { username: 'ab\u0000cd', password: 'password-123' },
        'username',
        app.http,
      );
      await expectRejected(
        'POST',
        '/api/auth/login',
        { username: 'someone', password: 'pass\ud800word' },
        'password',
        app.http,
      );
    });

    it('a NUL in q or in any query parameter', async () => {
      await expectRejected('GET', '/api/customers?q=a%00b', undefined, 'q');
      await expectRejected(
        'GET',
        '/api/accounts?status=%00',
        undefined,
        'status',
      );
    });
  });

  describe('cursors whose key the statement cannot use: 400 on cursor', () => {
    it.each([
      [
        'the largest bigint as a created_at key (interval out of range)',
        'created_at',
        'desc',
        '9223372036854775807',
      ],
      [
        'the smallest bigint as a created_at key',
        'created_at',
        'desc',
        '-9223372036854775808',
      ],
      [
        'a created_at key just past 2^53 microseconds',
        'created_at',
        'asc',
        '9007199254740993',
      ],
      ['a NUL in a name key', 'name', 'asc', 'a\u0000'],
      ['an unpaired surrogate in an e-mail key', 'email', 'asc', '\udfff'],
    ])('%s', async (_label, sort, order, key) => {
      const cursor = b64({ s: sort, o: order, k: key, id: 1 });
      await expectRejected(
        'GET',
        `/api/customers?sort=${sort}&order=${order}&cursor=${cursor}`,
        undefined,
        'cursor',
      );
    });

    it('an accounts cursor with a NUL or an id past 2^53', async () => {
      await expectRejected(
        'GET',
        `/api/accounts?cursor=${Buffer.from('{"id":1}\u0000').toString('base64url')}`,
        undefined,
        'cursor',
      );
      await expectRejected(
        'GET',
        `/api/accounts?cursor=${b64({ id: 2 ** 53 })}`,
        undefined,
        'cursor',
      );
    });
  });

  describe('numbers outside what the columns hold: 400, never a database error', () => {
    it.each([
      [
        'GET',
        '/api/accounts?customer_id=9999999999999999999',
        undefined,
        'customer_id',
      ],
      [
        'GET',
        '/api/accounts?customer_id=9007199254740992',
        undefined,
        'customer_id',
      ],
      ['GET', '/api/accounts?customer_id=0x10', undefined, 'customer_id'],
      ['GET', '/api/customers?limit=1e3', undefined, 'limit'],
      [
        'POST',
        '/api/accounts',
        // eslint-disable-next-line no-loss-of-precision -- deliberately out of range: only its size matters
        { customer_id: 9999999999999999999, name: 'x' },
        'customer_id',
      ],
      [
        'POST',
        '/api/accounts',
        { customer_id: 2 ** 53, name: 'x' },
        'customer_id',
      ],
      [
        'POST',
        '/api/accounts',
        { customer_id: 1e308, name: 'x' },
        'customer_id',
      ],
      [
        'GET',
        '/api/analytics/growth?days=99999999999999999999',
        undefined,
        'days',
      ],
    ])('%s %s', async (method, path, body, field) => {
      await expectRejected(method, path, body, field);
    });
  });

  describe('ids are canonical decimal: every alias is a 400 that touches nothing', () => {
    function aliases(id: number): string[] {
      return [
        `0x${id.toString(16)}`,
        `0X${id.toString(16)}`,
        `0b${id.toString(2)}`,
        `0o${id.toString(8)}`,
        `00${id}`,
        `+${id}`,
        `%20${id}%20`,
        `${id}%20`,
        `${id}e0`,
        `${id / 10}e1`,
        `${id}.0`,
        '1e3',
      ];
    }

    it('on GET, PUT and DELETE of customers and accounts', async () => {
      const customer = { name: 'Renamed', email: 'renamed@x.example' };
      const account = { name: 'Renamed', status: 'inactive' };
      const routes: [string, string, number, unknown?][] = [
        ['GET', '/api/customers/:id', customerId],
        ['PUT', '/api/customers/:id', customerId, customer],
        ['DELETE', '/api/customers/:id', customerId],
        ['GET', '/api/customers/:id/accounts', customerId],
        ['GET', '/api/analytics/customers/:id', customerId],
        ['GET', '/api/accounts/:id', accountId],
        ['PUT', '/api/accounts/:id', accountId, account],
        ['DELETE', '/api/accounts/:id', accountId],
      ];
      for (const [method, path, id, body] of routes)
        for (const alias of aliases(id))
          await expectRejected(method, path.replace(':id', alias), body, 'id');
      expect(
        (await api.get(`/api/customers/${customerId}`)).body,
      ).toMatchObject({ name: 'Kept', email: 'kept@x.example' });
      expect((await api.get(`/api/accounts/${accountId}`)).body).toMatchObject({
        name: 'Kept plan',
        status: 'active',
      });
    });

    it('on job ids: only the text the API hands out', async () => {
      const job = await api.post<EnqueuedJobDto>('/api/jobs/aggregate', {});
      expect(job.status).toBe(202);
      expect((await api.get(`/api/jobs/${job.body.job_id}`)).status).toBe(200);
      for (const alias of [
        `%20${job.body.job_id}`,
        `${job.body.job_id}%20`,
        `${job.body.job_id}%00`,
        'a'.repeat(65),
        'a.b',
      ]) {
        await expectRejected('GET', `/api/jobs/${alias}`, undefined, 'id');
      }
    });
  });

  describe('400 error names the first problem', () => {
    it.each([
      [
        'POST',
        '/api/auth/register',
        { username: uniqueName('short'), password: 'short' },
        'password: must be at least 8 characters',
      ],
      [
        'POST',
        '/api/auth/register',
        { username: 'ab', password: 'password-123' },
        'username: must be at least 3 characters',
      ],
      [
        'POST',
        '/api/auth/login',
        { username: 'someone' },
        'password: is required',
      ],
      [
        'POST',
        '/api/customers',
        { name: 'n', email: 'not-an-email' },
        'email: must be a valid e-mail address',
      ],
      ['POST', '/api/customers', { email: 'a@x.example' }, 'name: is required'],
      [
        'POST',
        '/api/customers',
        { name: '   ', email: 'a@x.example' },
        'name: must not be empty',
      ],
      [
        'POST',
        '/api/customers',
        { name: 'n'.repeat(256), email: 'a@x.example' },
        'name: must be at most 255 characters',
      ],
      [
        'POST',
        '/api/customers',
        { name: 'n', email: 'a@x.example', admin: true },
        'admin: is not an allowed field',
      ],
      [
        'POST',
        '/api/accounts',
        { customer_id: 'one', name: 'n' },
        'customer_id: must be an integer',
      ],
      [
        'POST',
        '/api/accounts',
        { customer_id: 0, name: 'n' },
        'customer_id: must be at least 1',
      ],
      [
        'POST',
        '/api/accounts',
        { customer_id: 1, name: 'n', status: 'paused' },
        'status: must be one of: active, inactive',
      ],
      [
        'GET',
        '/api/customers?limit=1001',
        undefined,
        'limit: must be at most 1000',
      ],
      [
        'GET',
        '/api/customers/abc',
        undefined,
        'id: must be a positive integer in decimal (e.g. 42)',
      ],
    ])('%s %s -> %s', async (method, path, body, error) => {
      const response = await api.request<ErrorResponseDto>(method, path, body);
      expect(response.status).toBe(400);
      expect(response.body.error).toBe(error);
      expect(
        `${response.body.details?.[0].field}: ${response.body.details?.[0].message}`,
      ).toBe(error);
    });
  });
});
