import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { pino } from 'pino';
import { registerRequestLog } from './request-log.js';

/** A Fastify app with the request log on a real pino logger whose lines are kept. */
async function appWithLog(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const app = Fastify({ genReqId: () => 'req-1' });
  registerRequestLog(app, pino({ level }, sink));
  app.get('/ok', () => ({ ok: true }));
  app.get('/bad', (_request, reply) => reply.code(422).send({ error: 'no' }));
  app.get('/boom', (_request, reply) => reply.code(503).send({ error: 'x' }));
  app.get('/health', () => ({ status: 'ok' }));
  app.get('/metrics', () => 'up 1');
  await app.ready();
  return { app, lines };
}

describe('registerRequestLog', () => {
  it('writes one line per request: id, method, url, address, status and time, without headers', async () => {
    const { app, lines } = await appWithLog();
    await app.inject({
      url: '/ok?x=1',
      headers: { authorization: 'Bearer secret-token', cookie: 'a=b' },
    });
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: {
        id: 'req-1',
        method: 'GET',
        url: '/ok?x=1',
        remoteAddress: '127.0.0.1',
      },
      res: { statusCode: 200 },
    });
    expect(typeof line.responseTime).toBe('number');
    expect(JSON.stringify(line)).not.toMatch(/secret-token|cookie/);
  });

  it('warns for 4xx, errors for 5xx (404s too), and leaves probes and scrapes out', async () => {
    const { app, lines } = await appWithLog();
    for (const url of ['/bad', '/boom', '/nowhere', '/health', '/metrics?x'])
      await app.inject({ url });
    expect(lines.map((line) => [line.level, line.res])).toEqual([
      [40, { statusCode: 422 }],
      [50, { statusCode: 503 }],
      [40, { statusCode: 404 }],
    ]);
  });

  it('writes nothing below its level', async () => {
    const { app, lines } = await appWithLog('warn');
    await app.inject({ url: '/ok' });
    await app.inject({ url: '/bad' });
    expect(lines.map((line) => line.res)).toEqual([{ statusCode: 422 }]);
  });
});
