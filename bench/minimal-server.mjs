// The "minimal complete" baseline: Fastify + pg as a person would write this API without a
// framework, doing what every real endpoint must do and nothing more:
// - JWT verification (@fastify/jwt: HS256 only, expiry checked, the API's secret); the tenant is
//   the token's `org` claim, as in the API;
// - JSON-schema validation of bodies, parameters and query (Fastify's own compiled schemas,
//   the API's limits: names 1-255 characters, e-mails up to 320, limit 1-1000);
// - one structured log line per request (Fastify's pino at info, as the API's request log);
// - the security headers the API sends (bench/lib/security-headers.mjs);
// - the same SQL as the API (BASELINE_SQL, checked by bench/baseline-sql.spec.ts) on the same
//   database, with the same pool size.
// Started by bench/run.mjs as its own process, stdout (the log) wherever the API's goes.
import jwt from '@fastify/jwt';
import Fastify, { LogController } from 'fastify';
import pg from 'pg';
import { BASELINE_SQL } from './baseline-sql.mjs';
import { account, analytics as totals, customer } from './lib/responses.mjs';
import { SECURITY_HEADERS } from './lib/security-headers.mjs';

const {
  PORT,
  DATABASE_URL,
  ANALYTICS_DB_URL,
  JWT_SECRET,
  POOL_MAX = '10',
  LOG_LEVEL = 'info',
} = process.env;
const primary = new pg.Pool({
  connectionString: DATABASE_URL,
  max: Number(POOL_MAX),
});
const analytics = ANALYTICS_DB_URL
  ? new pg.Pool({ connectionString: ANALYTICS_DB_URL, max: Number(POOL_MAX) })
  : primary;

const id = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };
const name = { type: 'string', minLength: 1, maxLength: 255 };
const email = { type: 'string', format: 'email', maxLength: 320 };
const object = (properties, required) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

/**
 * Fastify logs twice per request by default ("incoming request", "request completed"): one line
 * at the end instead, with the request in it, as the API writes.
 */
class OneLinePerRequest extends LogController {
  incomingRequest() {
    // nothing: the line is written when the request completes
  }

  requestCompleted(error, request, reply) {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

const app = Fastify({
  logger: { level: LOG_LEVEL },
  logController: new OneLinePerRequest(),
});
await app.register(jwt, {
  secret: JWT_SECRET,
  verify: { algorithms: ['HS256'] },
});

app.addHook('onRequest', async (request, reply) => {
  reply.headers(SECURITY_HEADERS);
  await request.jwtVerify();
  const { org } = request.user;
  if (!Number.isSafeInteger(org))
    throw Object.assign(new Error('Invalid or expired token'), {
      statusCode: 401,
    });
});
app.setErrorHandler((error, request, reply) => {
  const status = error.statusCode ?? 500;
  if (status >= 500) request.log.error(error);
  return reply.code(status).send({
    error: status >= 500 ? 'Internal server error' : error.message,
    status_code: status,
  });
});

app.get(
  '/customers/:id',
  { schema: { params: object({ id }, ['id']) } },
  async (request, reply) => {
    const { rows } = await primary.query(BASELINE_SQL.customerById, [
      request.user.org,
      request.params.id,
    ]);
    if (!rows[0])
      return reply
        .code(404)
        .send({ error: 'Customer not found', status_code: 404 });
    return customer(rows[0]);
  },
);
app.get(
  '/customers',
  {
    schema: {
      querystring: object(
        {
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 1000 },
        },
        [],
      ),
    },
  },
  async (request) => {
    const { limit } = request.query;
    const { rows } = await primary.query(BASELINE_SQL.customerList, [
      request.user.org,
      null,
      null,
      null,
      limit + 1,
    ]);
    return rows.slice(0, limit).map(customer);
  },
);
app.post(
  '/customers',
  { schema: { body: object({ name, email }, ['name', 'email']) } },
  async (request, reply) => {
    const { rows } = await primary.query(BASELINE_SQL.customerInsert, [
      request.user.org,
      request.body.name.trim(),
      request.body.email.trim().toLowerCase(),
    ]);
    return reply.code(201).send(customer(rows[0]));
  },
);
app.post(
  '/accounts',
  {
    schema: {
      body: object(
        {
          customer_id: id,
          name,
          status: { enum: ['active', 'inactive'], default: 'active' },
        },
        ['customer_id', 'name'],
      ),
    },
  },
  async (request, reply) => {
    const { rows } = await primary.query(BASELINE_SQL.accountInsert, [
      request.user.org,
      request.body.customer_id,
      request.body.name.trim(),
      request.body.status,
    ]);
    if (rows.length === 0)
      return reply
        .code(422)
        .send({ error: 'Customer not found', status_code: 422 });
    return reply.code(201).send(account(rows[0]));
  },
);
app.get('/analytics', async (request) => {
  const { rows } = await analytics.query(BASELINE_SQL.analytics, [
    request.user.org,
  ]);
  return totals(rows[0]);
});

await app.listen({ port: Number(PORT), host: '127.0.0.1' });
process.send?.('ready');
process.on('SIGTERM', async () => {
  await app.close();
  await primary.end();
  if (analytics !== primary) await analytics.end();
  process.exit(0);
});
