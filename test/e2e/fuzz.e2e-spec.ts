import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { todayUtc } from '@app/jobs';
import {
  Http,
  type HttpResponse,
  signUp,
  uniqueName,
} from '../support/http.js';
import { type AppWithLeader, startAppWithLeader } from '../support/test-app.js';
import { type ApiRoute, readApiRoutes } from '../support/openapi.js';
import { present } from '../support/present.js';
import { newAccount, newCustomer } from '../support/factories.js';
import type { EnqueuedJobDto } from '../../apps/api/src/jobs/dto/jobs.dto.js';
import { stopAll } from '../support/stop-all.js';

/**
 * Property-based fuzzing of every route that takes a body, a query or a path parameter, read from
 * the app's own /swagger-json (a new route is fuzzed without touching this file), as a real user
 * of a fresh organization. Inputs: arbitrary JSON (NUL, unpaired surrogates, huge numbers, 1e308,
 * -0, nesting up to 30 levels, built-in property names), as whole bodies, as one field of an
 * otherwise valid body, as raw number literals, as query values and as path ids. Properties, for
 * every response:
 * - never a 5xx;
 * - a 4xx is the contract's JSON shape, a 400's `error` names its first `details` entry, and no
 *   server-written text carries a stack, SQL or a driver message;
 * - a 4xx changes nothing: the organization's rows (counts and an md5 of every column) are equal
 *   before and after. A 2xx is legitimate for input that happens to be valid and is not compared.
 *
 * Reproducible: the seed is fixed (FUZZ_SEED overrides it, FUZZ_RUNS the number of runs) and
 * fast-check prints seed and path of a failure.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);

/** What server-written text must never contain (field names in `details` are the client's own text and are not searched). */
const LEAKS =
  /(\bat [\w$.<>]+ \(|\n\s+at |QueryFailedError|syntax error|violates|relation "|\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|duplicate key|out of range|node_modules|\.ts:\d+|TypeError|RangeError|URIError|Cannot read prop)/i;

type Operation = ApiRoute;

// ---------------------------------------------------------------- arbitraries

const BUILT_IN_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  '__defineGetter__',
  'isPrototypeOf',
];

/** Ordinary text with one character PostgreSQL cannot store (NUL, or half of a surrogate pair) somewhere in it. */
const poisoned = fc
  .tuple(
    fc.string({ maxLength: 6 }),
    fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'),
    fc.string({ maxLength: 6 }),
  )
  .map((parts) => parts.join(''));

const trickyString = fc.oneof(
  { weight: 3, arbitrary: poisoned },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udfff',
      '\udc00\ud800',
      'ok\ud83d',
      '0x10',
      '1e3',
      ' 1',
      '+1',
      '010',
      '-0',
      '9223372036854775807',
      '99999999999999999999',
      "' OR 1=1 --",
      '%',
      '_',
      '\\',
      '"',
      '',
      ' ',
      'null',
      '[]',
      'SELECT 1',
      '../../etc/passwd',
      'a'.repeat(300),
      'é👍',
      'x@y.example',
      ...BUILT_IN_NAMES,
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

const trickyNumber = fc.oneof(
  fc.constantFrom(
    1e308,
    -1e308,
    -0,
    0,
    1,
    -1,
    0.5,
    2 ** 31,
    2 ** 53,
    2 ** 53 + 2,
    2 ** 63,
    1e19, // what the literal 9999999999999999999 is as a double
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    5e-324,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const trickyKey = fc.oneof(
  fc.constantFrom(
    ...BUILT_IN_NAMES,
    '',
    ' ',
    '\u0000',
    '\ud800',
    'id',
    'organization_id',
    'role',
    'a.b',
  ),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

const leaf = fc.oneof(
  { weight: 3, arbitrary: trickyString },
  { weight: 2, arbitrary: trickyNumber },
  fc.boolean(),
  fc.constant(null),
);

/** An object with own properties named by `keys` (a literal would turn "__proto__" into the prototype). */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return object;
}

const { json } = fc.letrec<{
  json: unknown;
  array: unknown[];
  object: Record<string, unknown>;
}>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('json'), { maxLength: 4 }),
  object: fc
    .array(fc.tuple(trickyKey, tie('json')), { maxLength: 4 })
    .map(objectOf),
}));

/** Nesting up to 30 levels (the parser rejects deeper bodies before validation, a helper of its own). */
const deep = fc
  .tuple(fc.integer({ min: 2, max: 30 }), fc.boolean(), leaf, trickyKey)
  .map(([depth, arrays, inner, key]) => {
    let value: unknown = inner;
    for (let level = 0; level < depth; level += 1)
      value = arrays ? [value] : objectOf([[key, value]]);
    return value;
  });

const anyValue = fc.oneof(
  { weight: 3, arbitrary: leaf },
  { weight: 2, arbitrary: json },
  { weight: 1, arbitrary: deep },
);

/** Number literals JSON.stringify cannot write (-0, overflow to Infinity, beyond 2^63, exponents). */
const rawNumberLiteral = fc.constantFrom(
  '-0',
  '1e308',
  '1e309',
  '-1e309',
  '9223372036854775807',
  '9223372036854775808',
  `1${'0'.repeat(400)}`,
  '1.0',
  '1e2',
  '0.1e1',
  '-0.0',
);

/** Percent-encodes text, writing an unpaired surrogate as the (invalid) UTF-8 bytes of its code unit. */
function encodeRaw(text: string): string {
  let out = '';
  for (const char of text) {
    const code = present(char.codePointAt(0), 'a code point');
    if (code >= 0xd800 && code <= 0xdfff)
      out +=
        `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(char);
  }
  return out;
}

/** URL text for a query value or a path segment: encoded tricky text, or raw escapes a client could send. */
const urlText = fc.oneof(
  trickyString.map(encodeRaw),
  trickyNumber.map((number) => encodeRaw(String(number))),
  fc.constantFrom(
    '%00',
    '%ED%A0%80',
    '%FF',
    '%C0%80',
    '%',
    '%zz',
    '%2F',
    '..',
    '%2e%2e',
    '1%00',
    '0x10',
    '+1',
    '%201%20',
    '1e3',
    '00001',
  ),
);

/**
 * Path ids: any text, including what the router refuses before Nest sees the request (invalid
 * percent-encoding, segments over maxParamLength): those answers must keep the contract too.
 */
const pathText = urlText;

// ---------------------------------------------------------------- the suite

describe('fuzz: every route with a body, query or path parameter (from /swagger-json)', () => {
  let app: AppWithLeader;
  let operations: Operation[];
  const session = {
    api: undefined as unknown as Http,
    organizationId: 0,
    customerId: 0,
    accountId: 0,
    jobId: '',
  };

  /** A fresh organization with a customer, an account and a job: ids for the valid parts of each request. */
  async function newSession(): Promise<void> {
    const { client, organizationId } = await signUp(app.http, 'fuzz');
    const customer = await newCustomer(client, 'Fuzz Co');
    const account = await newAccount(client, customer.id, 'Fuzz plan');
    const job = await client.post<EnqueuedJobDto>('/api/jobs/aggregate', {});
    Object.assign(session, {
      api: client,
      organizationId,
      customerId: customer.id,
      accountId: account.id,
      jobId: job.body.job_id,
    });
  }

  beforeAll(async () => {
    // Jobs in-process (pg-boss on the primary): no Redis needed to fuzz the jobs routes.
    app = await startAppWithLeader();
    await newSession();
    const document = (await app.http.get('/swagger-json')).body;
    operations = readOperations(document);
  });
  afterAll(async () => {
    await stopAll(app);
  });

  /** The routes with a path, query or body parameter to fuzz. */
  function readOperations(document: unknown): Operation[] {
    return readApiRoutes(document).filter(
      (route) =>
        route.pathParams.length > 0 ||
        route.queryParams.length > 0 ||
        route.body,
    );
  }

  /** A body the route accepts (from the schema's examples, with this organization's ids and fresh unique values). */
  function validBody(operation: Operation): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(
      operation.body?.properties ?? {},
    )) {
      if (name === 'customer_id') body[name] = session.customerId;
      else if (name.includes('email'))
        body[name] = `${uniqueName('f')}@x.example`;
      else if (name === 'username') body[name] = uniqueName('fz');
      else if (name === 'date') body[name] = todayUtc();
      else
        body[name] =
          property.example ??
          property.default ??
          property.enum?.[0] ??
          (property.type === 'number' ? 1 : 'x');
    }
    return body;
  }

  function pathWith(operation: Operation, override?: string): string {
    return operation.path.replace(/\{\w+\}/g, () => {
      if (override !== undefined) return override;
      if (operation.path.startsWith('/api/jobs')) return session.jobId;
      if (operation.path.startsWith('/api/accounts'))
        return String(session.accountId);
      return String(session.customerId);
    });
  }

  type Case =
    | { kind: 'whole body'; operation: Operation; value: unknown }
    | {
        kind: 'body field';
        operation: Operation;
        field: string;
        value: unknown;
      }
    | {
        kind: 'raw number in body';
        operation: Operation;
        field: string;
        literal: string;
      }
    | {
        kind: 'query value';
        operation: Operation;
        name: string;
        text: string;
        twice: boolean;
      }
    | { kind: 'path id'; operation: Operation; text: string };

  function cases(): fc.Arbitrary<Case> {
    const withBody = operations.filter((operation) => operation.body);
    const withQuery = operations.filter(
      (operation) => operation.queryParams.length > 0,
    );
    const withPath = operations.filter(
      (operation) => operation.pathParams.length > 0,
    );
    const fieldOf = (operation: Operation) =>
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constantFrom(
            ...Object.keys(present(operation.body, 'a body').properties),
          ),
        },
        { weight: 1, arbitrary: trickyKey },
      );
    return fc.oneof(
      fc.record({
        kind: fc.constant('whole body' as const),
        operation: fc.constantFrom(...withBody),
        value: anyValue,
      }),
      fc.constantFrom(...withBody).chain((operation) =>
        fc.record({
          kind: fc.constant('body field' as const),
          operation: fc.constant(operation),
          field: fieldOf(operation),
          value: anyValue,
        }),
      ),
      fc.constantFrom(...withBody).chain((operation) =>
        fc.record({
          kind: fc.constant('raw number in body' as const),
          operation: fc.constant(operation),
          field: fieldOf(operation),
          literal: rawNumberLiteral,
        }),
      ),
      fc.constantFrom(...withQuery).chain((operation) =>
        fc.record({
          kind: fc.constant('query value' as const),
          operation: fc.constant(operation),
          name: fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...operation.queryParams) },
            { weight: 1, arbitrary: trickyKey.map(encodeRaw) },
          ),
          text: urlText,
          twice: fc.boolean(),
        }),
      ),
      fc.record({
        kind: fc.constant('path id' as const),
        operation: fc.constantFrom(...withPath),
        text: pathText,
      }),
    );
  }

  async function send(input: Case): Promise<HttpResponse> {
    const { operation } = input;
    const { api } = session;
    switch (input.kind) {
      case 'whole body':
        return api.request(
          operation.method,
          pathWith(operation),
          JSON.stringify(input.value),
        );
      case 'body field':
        return api.request(
          operation.method,
          pathWith(operation),
          JSON.stringify(
            objectOf([
              ...Object.entries(validBody(operation)).filter(
                ([key]) => key !== input.field,
              ),
              [input.field, input.value],
            ]),
          ),
        );
      case 'raw number in body': {
        const marker = '"__raw_number__"';
        const body = objectOf([
          ...Object.entries(validBody(operation)).filter(
            ([key]) => key !== input.field,
          ),
          [input.field, '__raw_number__'],
        ]);
        return api.request(
          operation.method,
          pathWith(operation),
          JSON.stringify(body).replace(marker, input.literal),
        );
      }
      case 'query value': {
        const pair = `${input.name}=${input.text}`;
        return api.request(
          operation.method,
          `${pathWith(operation)}?${input.twice ? `${pair}&${pair}` : pair}`,
          operation.body ? validBody(operation) : undefined,
        );
      }
      case 'path id':
        return api.request(
          operation.method,
          pathWith(operation, input.text),
          operation.body ? validBody(operation) : undefined,
        );
    }
  }

  function checkResponse(input: Case, response: HttpResponse): void {
    const where = `${input.operation.method} ${input.operation.path} (${input.kind}) -> ${response.status} ${response.text.slice(0, 300)}`;
    if (response.status >= 500) throw new Error(`5xx: ${where}`);
    // Every request carries a live token: a 401 outside the auth routes means the input was read as credentials.
    if (
      response.status === 401 &&
      !input.operation.path.startsWith('/api/auth/')
    )
      throw new Error(`401 with a valid token: ${where}`);
    if (response.status < 400) return;
    if (
      !(response.headers.get('content-type') ?? '').includes('application/json')
    )
      throw new Error(`not JSON: ${where}`);
    const body = response.body as {
      error?: unknown;
      status_code?: unknown;
      request_id?: unknown;
      details?: { field: unknown; message: unknown }[];
    };
    const keys = Object.keys(body).sort().join(',');
    if (
      ![
        'error,request_id,status_code',
        'details,error,request_id,status_code',
      ].includes(keys)
    )
      throw new Error(`error shape: ${where}`);
    if (
      typeof body.error !== 'string' ||
      !body.error ||
      body.status_code !== response.status ||
      typeof body.request_id !== 'string'
    )
      throw new Error(`error shape: ${where}`);
    let serverText = body.error;
    if (body.details !== undefined) {
      if (
        response.status !== 400 ||
        !Array.isArray(body.details) ||
        body.details.length === 0
      )
        throw new Error(`details: ${where}`);
      for (const detail of body.details) {
        if (
          typeof detail.field !== 'string' ||
          typeof detail.message !== 'string' ||
          !detail.message
        )
          throw new Error(`detail shape: ${where}`);
      }
      const [first] = body.details;
      const sentence = first.field
        ? `${first.field as string}: ${first.message as string}`
        : first.message;
      if (body.error !== sentence)
        throw new Error(`error does not name the first problem: ${where}`);
      serverText = body.details.map((detail) => detail.message).join('\n');
    }
    if (LEAKS.test(serverText)) throw new Error(`leak: ${where}`);
  }

  it(`never answers 5xx, leaks or changes data on bad input (${RUNS} runs, seed ${SEED})`, async () => {
    expect(
      operations.map((operation) => `${operation.method} ${operation.path}`),
    ).toEqual(
      expect.arrayContaining([
        'POST /api/customers',
        'PUT /api/accounts/{id}',
        'GET /api/customers',
        'DELETE /api/customers/{id}',
        'GET /api/jobs/{id}',
        'POST /api/auth/register',
      ]),
    );
    const seen = new Map<string, number>();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(cases(), async (input) => {
        const organizationId = session.organizationId;
        const before = await app.fingerprint(organizationId);
        const response = await send(input);
        const label = `${input.operation.method} ${input.operation.path} ${input.kind}`;
        seen.set(label, (seen.get(label) ?? 0) + 1);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        checkResponse(input, response);
        if (
          response.status >= 400 &&
          (await app.fingerprint(organizationId)) !== before
        ) {
          throw new Error(
            `a ${response.status} changed the database: ${input.operation.method} ${input.operation.path} (${input.kind})`,
          );
        }
        // A valid request may have ended the session or removed the rows the valid parts use: start over.
        if (
          response.status < 300 &&
          input.operation.method !== 'GET' &&
          (await session.api.get('/api/auth/me')).status !== 200
        )
          await newSession();
      }),
      {
        seed: SEED,
        numRuns: RUNS,
        interruptAfterTimeLimit: 45_000,
        markInterruptAsFailure: false,
      },
    );
    // The runs reached the validation (mostly 400s) and some random input was valid (2xx): the harness is not answering itself.
    const runs = [...statuses.values()].reduce((sum, count) => sum + count, 0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(runs / 3);
    expect(
      [...statuses]
        .filter(([status]) => status < 300)
        .reduce((sum, [, count]) => sum + count, 0),
    ).toBeGreaterThan(0);
    // Every route was reached with bad input.
    const reached = new Set(
      [...seen.keys()].map((label) => label.split(' ').slice(0, 2).join(' ')),
    );
    expect(
      operations
        .map((operation) => `${operation.method} ${operation.path}`)
        .filter((route) => !reached.has(route)),
    ).toEqual([]);
  }, 90_000);
});
