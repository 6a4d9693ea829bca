// Request bodies that are valid JSON (or nearly) but built to hurt: nesting bombs, huge flat
// arrays, long strings, many keys. Each must be a fast 400 (or an ordinary validation error),
// never a stack overflow, and never hold the event loop: the app runs in this process, so
// monitorEventLoopDelay here sees every millisecond it blocks.
import { describe, expect, it, jest } from '@jest/globals';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { ErrorResponseDto } from '../../apps/api/src/common/error-response.dto.js';
import { useTestApp } from '../support/test-app.js';

jest.setTimeout(120_000);

const MIB = 1024 * 1024;
const TOO_DEEP = 'JSON is nested too deeply (limit 32 levels)';
const NOT_AN_OBJECT = 'Request body must be a JSON object';
const TOO_MANY =
  'JSON body has too many values (limit 256 array elements and object members)';
/** An object with `count` members (login's two and unknown ones). */
const manyKeys = (count: number) =>
  `{${Array.from({ length: count }, (_, i) => `"k${i}":1`).join(',')}}`;

/** Repeats `unit` to fill about `bytes`. */
const fill = (unit: string, bytes: number) =>
  unit.repeat(Math.floor(bytes / unit.length));

const deepArrays = (bytes: number) =>
  `${'['.repeat(bytes / 2)}${']'.repeat(bytes / 2)}`;
const deepObjects = (depth: number) =>
  `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** A body of `depth` nested objects inside the login DTO's `username`. */
const nestedInField = (depth: number) =>
  `{"username":${deepObjects(depth - 1)},"password":"password-123"}`;

const FORM = 'application/x-www-form-urlencoded';
const manyFields = (bytes: number) =>
  Array.from({ length: Math.floor(bytes / 8) }, (_, i) => `k${i}=1`)
    .join('&')
    .slice(0, bytes);

/** Every shape of up-to-1-MiB body that once cost a lot (or could), as [name, body, content type]. */
function hostileBodies(): [string, string, string][] {
  const size = MIB - 64;
  const keyCount = Math.floor(size / 12);
  return (
    [
      ['deep arrays', deepArrays(size)],
      ['deep objects', deepObjects(Math.floor(size / 6))],
      [
        'deep arrays in a field',
        `{"username":${deepArrays(size - 40)},"password":"x"}`,
      ],
      ['wide array of objects', `[${fill('{},', size - 4)}{}]`],
      [
        'wide array in a field',
        `{"username":[${fill('1,', size - 40)}1],"password":"x"}`,
      ],
      [
        'wide array of objects in a field',
        `{"username":[${fill('{},', size - 40)}{}],"password":"x"}`,
      ],
      ['long string', `{"username":"${'a'.repeat(size - 40)}","password":"x"}`],
      [
        'long escaped string',
        `{"username":"${fill('\\u0041', size - 40)}","password":"x"}`,
      ],
      ['many keys', manyKeys(keyCount).slice(0, size)],
      ['many keys, not too many', manyKeys(256)],
      ['many short strings', `[${fill('"a",', size - 4)}"a"]`],
      ['many form fields', manyFields(size), FORM],
      ['long plain text', 'a'.repeat(size), 'text/plain'],
    ] as [string, string, string?][]
  ).map(([name, body, type]) => [
    name,
    body.length > MIB ? body.slice(0, MIB) : body,
    type ?? 'application/json',
  ]);
}

describe('JSON request bodies', () => {
  const suite = useTestApp();

  /** Posts `body` to `path`, which the parser lets through: any refusal is not the parser's. */
  async function parsedBy(path: string, body: string | object) {
    const response = await suite.http.post<ErrorResponseDto>(path, body);
    expect([TOO_DEEP, TOO_MANY, NOT_AN_OBJECT]).not.toContain(
      response.body.error,
    );
    return response;
  }

  /**
   * Posts `body` to the sign-in route and checks its refusal in the contract's shape. With a
   * request id, the whole body is compared (nothing beyond error, status_code and that id) and
   * the id must come back as a header too.
   */
  async function expectRefused(
    body: string | object,
    status: number,
    error: string,
    {
      requestId,
      contentType,
    }: { requestId?: string; contentType?: string } = {},
  ): Promise<void> {
    const headers: Record<string, string> = {};
    if (requestId) headers['x-request-id'] = requestId;
    if (contentType) headers['content-type'] = contentType;
    const response = await suite.http.post('/api/auth/login', body, headers);
    expect(response.status).toBe(status);
    if (requestId) {
      expect(response.body).toEqual({
        error,
        status_code: status,
        request_id: requestId,
      });
      expect(response.headers.get('x-request-id')).toBe(requestId);
    } else {
      expect(response.body).toMatchObject({ error, status_code: status });
    }
  }

  it('rejects JSON nested deeper than 32 levels while parsing, with a 400 in the contract shape, and parses 32', async () => {
    for (const body of [
      deepArrays(MIB - 2),
      deepObjects(5000),
      nestedInField(33),
      `{"a":${'['.repeat(40)}${']'.repeat(40)}}`,
    ]) {
      await expectRefused(body, 400, TOO_DEEP, {
        requestId: 'too-deep-1',
      });
    }
    // Parsed, then refused by validation.
    expect((await parsedBy('/api/auth/login', nestedInField(32))).status).toBe(
      400,
    );
    // Brackets, braces and commas inside strings are text.
    const brackets = await parsedBy('/api/auth/login', {
      username: `nobody${'[{'.repeat(100)}\\"${','.repeat(2000)}`,
      password: 'password-123',
    });
    expect([400, 401]).toContain(brackets.status);
  });

  it('rejects a body with more than 256 values while parsing, with a 400', async () => {
    // Parsed, then refused by validation.
    expect((await parsedBy('/api/auth/login', manyKeys(256))).status).toBe(400);
    for (const body of [
      manyKeys(257),
      `{"username":[${'1,'.repeat(5000)}1],"password":"x"}`,
      `[${'{},'.repeat(300_000)}{}]`,
    ]) {
      await expectRefused(body, 400, TOO_MANY, {
        requestId: 'too-many-1',
      });
    }
  });

  it('answers a body that is not a JSON object with 400 before validation', async () => {
    for (const body of [
      '[]',
      `[${'{},'.repeat(100)}{}]`,
      '1',
      '"text"',
      'null',
      'true',
    ]) {
      await expectRefused(body, 400, NOT_AN_OBJECT);
    }
  });

  it('refuses form and plain-text bodies with 415 (JSON only)', async () => {
    for (const [type, body] of [
      [FORM, manyFields(MIB - 64)],
      [FORM, 'username=a&password=b'],
      ['text/plain', '{"username":"a"}'],
    ]) {
      await expectRefused(
        body,
        415,
        'Unsupported content type (use application/json)',
        { contentType: type },
      );
    }
  });

  it('keeps rejecting prototype poisoning and malformed JSON', async () => {
    for (const body of [
      '{"__proto__":{"admin":true},"username":"a","password":"b"}',
      '{"constructor":{"prototype":{"x":1}}}',
      '{"username":',
      '{]',
    ]) {
      await expectRefused(body, 400, 'Malformed JSON body');
    }
  });

  it('never blocks the event loop more than 50 ms for any body up to 1 MiB, 32 at once, while /health answers', async () => {
    const bodies = hostileBodies();
    for (const [name, body] of bodies)
      expect([name, Buffer.byteLength(body) <= MIB]).toEqual([name, true]);
    const expected = bodies.map(([, , type]) =>
      type === 'application/json' ? 400 : 415,
    );
    // The clients run in a worker thread: its event loop sends the 32 MiB, this one only serves them.
    const client = new Worker(BURST_CLIENT, {
      eval: true,
      workerData: {
        url: `${suite.testApp.baseUrl}/api/auth/login`,
        bodies: bodies.map(([, body, type]) => [type, body]),
      },
    });
    const inWorker = (count: number) =>
      new Promise<number[]>((resolve, reject) => {
        client.once('message', resolve);
        client.once('error', reject);
        client.postMessage(count);
      });
    try {
      // Warm-up: every code path compiled once before anything is measured.
      for (let round = 0; round < 2; round += 1) await inWorker(bodies.length);

      /** One burst of 32 bodies and a /health request among them: the longest event-loop stall, and the answers. */
      const burst = async () => {
        const histogram = monitorEventLoopDelay({ resolution: 10 });
        histogram.enable();
        try {
          histogram.reset();
          const started = performance.now();
          const statuses = inWorker(32);
          const health = await suite.http.get('/health');
          const healthMs = performance.now() - started;
          return {
            maxDelayMs: histogram.max / 1e6,
            statuses: await statuses,
            health: health.status,
            healthMs,
          };
        } finally {
          histogram.disable();
        }
      };

      // A stall of 50 ms shows as up to 60 (the histogram's 10 ms resolution). The other agents on this
      // 2-core machine can starve the whole process for longer than that; such a burst is tried again
      // (at most 5 bursts). Before the parser's limits every burst stalled for seconds.
      const maxima: number[] = [];
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const { maxDelayMs, statuses, health, healthMs } = await burst();
        expect(statuses).toEqual(
          Array.from(
            { length: 32 },
            (_, index) => expected[index % bodies.length],
          ),
        );
        expect(health).toBe(200);
        expect(healthMs).toBeLessThan(2000);
        maxima.push(Math.round(maxDelayMs));
        if (maxDelayMs < 50 + 10) break;
      }
      expect({ maxima, underBound: Math.min(...maxima) < 50 + 10 }).toEqual({
        maxima,
        underBound: true,
      });
    } finally {
      await client.terminate();
    }
  });
});

/** Worker: on a message `count`, POSTs that many of `bodies` (round robin) at once and answers their statuses. */
const BURST_CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const bodies = workerData.bodies.map(([type, body]) => [type, new TextEncoder().encode(body)]);
const post = ([type, body]) =>
  fetch(workerData.url, { method: 'POST', body, headers: { 'content-type': type } }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });
parentPort.on('message', async (count) => {
  parentPort.postMessage(await Promise.all(Array.from({ length: count }, (_, index) => post(bodies[index % bodies.length]))));
});
`;
