// The bare baseline: Fastify + pg, no Nest, no auth, no validation, no ORM, the same SQL and the
// same response shapes, on the same database. Started by bench/run.mjs as its own process.
import Fastify from 'fastify';
import pg from 'pg';
import { BASELINE_SQL } from './baseline-sql.mjs';
import { account, analytics as totals, customer } from './lib/responses.mjs';

const {
  PORT,
  DATABASE_URL,
  ANALYTICS_DB_URL,
  ORGANIZATION_ID,
  POOL_MAX = '10',
} = process.env;
const organizationId = Number(ORGANIZATION_ID);
const primary = new pg.Pool({
  connectionString: DATABASE_URL,
  max: Number(POOL_MAX),
});
const analytics = ANALYTICS_DB_URL
  ? new pg.Pool({ connectionString: ANALYTICS_DB_URL, max: Number(POOL_MAX) })
  : primary;

const app = Fastify({ logger: false });
app.get('/customers/:id', async (request, reply) => {
  const { rows } = await primary.query(BASELINE_SQL.customerById, [
    organizationId,
    Number(request.params.id),
  ]);
  if (!rows[0])
    return reply
      .code(404)
      .send({ error: 'Customer not found', status_code: 404 });
  return customer(rows[0]);
});
app.get('/customers', async (request) => {
  const limit = Number(request.query.limit ?? 50);
  const { rows } = await primary.query(BASELINE_SQL.customerList, [
    organizationId,
    null,
    null,
    null,
    limit + 1,
  ]);
  return rows.slice(0, limit).map(customer);
});
app.post('/customers', async (request, reply) => {
  const { rows } = await primary.query(BASELINE_SQL.customerInsert, [
    organizationId,
    request.body.name,
    request.body.email,
  ]);
  return reply.code(201).send(customer(rows[0]));
});
app.post('/accounts', async (request, reply) => {
  const { rows } = await primary.query(BASELINE_SQL.accountInsert, [
    organizationId,
    request.body.customer_id,
    request.body.name,
    request.body.status,
  ]);
  if (rows.length === 0)
    return reply
      .code(422)
      .send({ error: 'Customer not found', status_code: 422 });
  return reply.code(201).send(account(rows[0]));
});
app.get('/analytics', async () => {
  const { rows } = await analytics.query(BASELINE_SQL.analytics, [
    organizationId,
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
