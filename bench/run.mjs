#!/usr/bin/env node
// npm run bench: our API and a bare Fastify + pg baseline running the same SQL on the same
// database, side by side in one run, for five endpoints. Prints req/s, p50/p99 latency and the
// ratio ours/baseline; then the price of causal routing (the api with CAUSAL_READS on and off, for
// POST, GET /api/analytics, and a POST followed by GET /api/analytics of the same organization);
// then the price of the analytics rollups (the POSTs with their triggers enabled and disabled, on
// the embedded database only); then the price of tracing (the api with OTEL_EXPORTER_OTLP_ENDPOINT
// unset and set, exporting every span to a local sink that accepts and drops them, for the same
// requests as the routing cost); then the API's resident memory.
//
// Database: DATABASE_URL (+ ANALYTICS_DB_URL) if set, else a fresh embedded leader + follower.
// BENCH_DURATION (seconds per run, default 8), BENCH_CONNECTIONS (default 16), BENCH_ONLY (run only
// the endpoints whose title contains this text).
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  root,
  rssMb,
  signUp,
  startApi,
  startDatabase,
  waitForHttp,
} from './lib/harness.mjs';

const duration = Number(process.env.BENCH_DURATION ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const poolMax = '10';

function run(title, options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections, duration, ...options }, (error, result) => {
      if (error) return reject(error);
      if (result.non2xx > 0 || result.errors > 0) {
        return reject(
          new Error(
            `${title}: ${result.non2xx} non-2xx responses, ${result.errors} errors`,
          ),
        );
      }
      resolve({
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
      });
    });
  });
}

// --- database and our API ---------------------------------------------------------------------
const database = await startDatabase();
const { databaseUrl, analyticsUrl } = database;
const pools = {
  DB_POOL_MAX: poolMax,
  ANALYTICS_DB_POOL_MAX: poolMax,
  // Tracing off unless a section turns it on (blank = off, whatever the shell has).
  OTEL_EXPORTER_OTLP_ENDPOINT: '',
};

const {
  child: api,
  url: apiUrl,
  stop: stopApi,
} = await startApi(database, pools);
// The same build with causal reads off (CAUSAL_READS=false): no write positions, any follower
// under the lag limit answers. Compared with `api` to price the routing.
const { url: apiOffUrl, stop: stopApiOff } = await startApi(database, {
  ...pools,
  CAUSAL_READS: 'false',
});
const baselinePort = await freePort();
let baseline;

try {
  await waitForHttp(`${apiUrl}/health`);
  await waitForHttp(`${apiOffUrl}/health`);

  // A tenant with data: 2,000 customers, 4,000 accounts.
  const { auth, organizationId } = await signUp(apiUrl, `bench-${Date.now()}`);
  const pg = (await import('pg')).default;
  const seed = new pg.Client({ connectionString: databaseUrl });
  await seed.connect();
  await seed.query(
    `INSERT INTO customers (organization_id, name, email)
     SELECT $1, 'Customer ' || g, 'c' || g || '@bench.example' FROM generate_series(1, 2000) g`,
    [organizationId],
  );
  await seed.query(
    `INSERT INTO accounts (organization_id, customer_id, name, status)
     SELECT organization_id, id, 'Plan', CASE WHEN id % 3 = 0 THEN 'inactive' ELSE 'active' END
       FROM customers, generate_series(1, 2) WHERE organization_id = $1`,
    [organizationId],
  );
  const { rows } = await seed.query(
    'SELECT id FROM customers WHERE organization_id = $1 ORDER BY id LIMIT 1 OFFSET 1000',
    [organizationId],
  );
  await seed.end();
  const customerId = rows[0].id;

  baseline = fork(join(root, 'bench/baseline-server.mjs'), [], {
    env: {
      ...process.env,
      PORT: String(baselinePort),
      DATABASE_URL: databaseUrl,
      ANALYTICS_DB_URL: analyticsUrl ?? '',
      ORGANIZATION_ID: String(organizationId),
      POOL_MAX: poolMax,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve, reject) => {
    baseline.once('message', resolve);
    baseline.once('exit', (code) =>
      reject(new Error(`baseline exited with ${code}`)),
    );
  });
  const baseUrl = `http://127.0.0.1:${baselinePort}`;

  let counter = 0;
  const uniqueCustomer = (prefix) => (request) => ({
    ...request,
    body: JSON.stringify({
      name: 'Bench Customer',
      email: `${prefix}-${process.pid}-${(counter += 1)}@bench.example`,
    }),
  });

  const newAccount = JSON.stringify({
    customer_id: Number(customerId),
    name: 'Bench Plan',
    status: 'active',
  });

  const allCases = [
    [
      'GET /api/customers/:id',
      { url: `${apiUrl}/api/customers/${customerId}`, headers: auth },
      { url: `${baseUrl}/customers/${customerId}` },
    ],
    [
      'GET /api/customers?limit=50',
      { url: `${apiUrl}/api/customers?limit=50`, headers: auth },
      { url: `${baseUrl}/customers?limit=50` },
    ],
    [
      'POST /api/customers',
      {
        url: `${apiUrl}/api/customers`,
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        requests: [{ setupRequest: uniqueCustomer('ours') }],
      },
      {
        url: `${baseUrl}/customers`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: uniqueCustomer('base') }],
      },
    ],
    [
      'POST /api/accounts',
      {
        url: `${apiUrl}/api/accounts`,
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: newAccount,
      },
      {
        url: `${baseUrl}/accounts`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: newAccount,
      },
    ],
    [
      'GET /api/analytics',
      { url: `${apiUrl}/api/analytics`, headers: auth },
      { url: `${baseUrl}/analytics` },
    ],
  ];

  const cases = allCases.filter(([title]) =>
    title.includes(process.env.BENCH_ONLY ?? ''),
  );

  // Warm both up (JIT, pools) before measuring.
  for (const [title, ours, base] of cases) {
    if (ours.method === 'POST') continue;
    await run(`${title} warm-up`, { ...ours, duration: 2 });
    await run(`${title} warm-up`, { ...base, duration: 2 });
  }

  const results = [];
  for (const [title, ours, base] of cases) {
    const o = await run(`${title} (ours)`, ours);
    const b = await run(`${title} (baseline)`, base);
    results.push({ title, o, b });
  }

  // Routing cost: the same requests on the api with causal reads on and off, in A-B-B-A order
  // (drift on a noisy machine cancels out), averaged.
  const writeThenRead = (url) => ({
    url: `${url}/api/customers`,
    headers: { ...auth, 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        path: '/api/customers',
        setupRequest: uniqueCustomer('pair'),
      },
      { method: 'GET', path: '/api/analytics' },
    ],
  });
  const routingCases = [
    [
      'POST /api/customers',
      (url) => ({
        url: `${url}/api/customers`,
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        requests: [{ setupRequest: uniqueCustomer('route') }],
      }),
    ],
    [
      'GET /api/analytics',
      (url) => ({ url: `${url}/api/analytics`, headers: auth }),
    ],
    ['POST /api/customers, then GET /api/analytics', writeThenRead],
  ].filter(([title]) => title.includes(process.env.BENCH_ONLY ?? ''));
  // Both apps warm (JIT, pools) before anything is compared: the causal-reads-off app served nothing yet.
  for (const [title, request] of routingCases)
    for (const url of [apiUrl, apiOffUrl])
      await run(`${title} warm-up`, { ...request(url), duration: 2 });
  const routing = [];
  for (const [title, request] of routingCases) {
    const on = [];
    const off = [];
    for (const [list, url] of [
      [on, apiUrl],
      [off, apiOffUrl],
      [off, apiOffUrl],
      [on, apiUrl],
    ])
      list.push(
        await run(`${title} (causal reads ${list === on ? 'on' : 'off'})`, {
          ...request(url),
          duration: Math.max(2, Math.round(duration / 2)),
        }),
      );
    const mean = (runs) =>
      runs.reduce((sum, r) => sum + r.rps, 0) / runs.length;
    routing.push({ title, on: mean(on), off: mean(off) });
  }

  // The price of the rollups' triggers: the same POSTs with the analytics triggers enabled and
  // disabled (A-B-B-A). Only on the bench's own embedded database: disabling them on someone's
  // DATABASE_URL would leave its rollups behind.
  const rollupCost = [];
  if (database.embedded) {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const triggers = async (action) => {
      for (const table of ['customers', 'accounts', 'customer_account_counts'])
        await admin.query(`ALTER TABLE ${table} ${action} TRIGGER USER`);
    };
    const writes = allCases.filter(
      ([title]) =>
        title.startsWith('POST') &&
        title.includes(process.env.BENCH_ONLY ?? ''),
    );
    try {
      for (const [title, ours] of writes) {
        const on = [];
        const off = [];
        for (const list of [on, off, off, on]) {
          await triggers(list === on ? 'ENABLE' : 'DISABLE');
          list.push(
            await run(
              `${title} (rollup triggers ${list === on ? 'on' : 'off'})`,
              {
                ...ours,
                duration: Math.max(2, Math.round(duration / 2)),
              },
            ),
          );
        }
        const mean = (runs) =>
          runs.reduce((sum, r) => sum + r.rps, 0) / runs.length;
        rollupCost.push({ title, on: mean(on), off: mean(off) });
      }
    } finally {
      await triggers('ENABLE');
      await admin.end();
    }
  }

  // The price of tracing: the same build with OTEL_EXPORTER_OTLP_ENDPOINT set (every request
  // sampled, spans batched and sent as protobuf to a sink here that reads and drops them) against
  // `api` (tracing off), A-B-B-A, for the routing cost's requests.
  const tracingCost = [];
  let exports = 0;
  const sink = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      exports += 1;
      response.writeHead(200, { 'content-type': 'application/x-protobuf' });
      response.end();
    });
  });
  if (routingCases.length > 0) {
    const sinkPort = await freePort();
    await new Promise((resolve) => sink.listen(sinkPort, '127.0.0.1', resolve));
    const traced = await startApi(database, {
      ...pools,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sinkPort}`,
    });
    try {
      await waitForHttp(`${traced.url}/health`);
      for (const [title, request] of routingCases)
        await run(`${title} warm-up (traced)`, {
          ...request(traced.url),
          duration: 2,
        });
      for (const [title, request] of routingCases) {
        const on = [];
        const off = [];
        for (const [list, url] of [
          [on, traced.url],
          [off, apiUrl],
          [off, apiUrl],
          [on, traced.url],
        ])
          list.push(
            await run(`${title} (tracing ${list === on ? 'on' : 'off'})`, {
              ...request(url),
              duration: Math.max(2, Math.round(duration / 2)),
            }),
          );
        const mean = (runs, key) =>
          runs.reduce((sum, r) => sum + r[key], 0) / runs.length;
        tracingCost.push({
          title,
          on: mean(on, 'rps'),
          off: mean(off, 'rps'),
          onP99: mean(on, 'p99'),
          offP99: mean(off, 'p99'),
        });
      }
    } finally {
      await traced.stop();
      sink.close();
    }
  }

  const cpu = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`;
  console.log(
    `\nBenchmark ${new Date().toISOString().slice(0, 10)} on ${cpu}, Node ${process.version}, ${connections} connections, ${duration} s per run`,
  );
  console.log(
    `Database: ${database.embedded ? 'embedded leader + follower' : 'DATABASE_URL'}; analytics on ${analyticsUrl ? 'the follower' : 'the primary'}\n`,
  );
  console.log(
    '| endpoint | ours req/s | ours p50 / p99 ms | baseline req/s | baseline p50 / p99 ms | ratio ours/baseline |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const { title, o, b } of results) {
    console.log(
      `| ${title} | ${o.rps.toFixed(0)} | ${o.p50} / ${o.p99} | ${b.rps.toFixed(0)} | ${b.p50} / ${b.p99} | ${(o.rps / b.rps).toFixed(2)} |`,
    );
  }
  if (routing.length > 0) {
    console.log(
      '\nRouting cost (same build; causal reads on = write positions recorded, reads routed by them)\n',
    );
    console.log(
      '| requests | causal reads on req/s | off req/s | ratio on/off |',
    );
    console.log('|---|---:|---:|---:|');
    for (const { title, on, off } of routing)
      console.log(
        `| ${title} | ${on.toFixed(0)} | ${off.toFixed(0)} | ${(on / off).toFixed(2)} |`,
      );
  }
  if (rollupCost.length > 0) {
    console.log(
      '\nRollups cost (same build and database; the analytics triggers enabled and disabled)\n',
    );
    console.log('| request | triggers on req/s | off req/s | ratio on/off |');
    console.log('|---|---:|---:|---:|');
    for (const { title, on, off } of rollupCost)
      console.log(
        `| ${title} | ${on.toFixed(0)} | ${off.toFixed(0)} | ${(on / off).toFixed(2)} |`,
      );
  }
  if (tracingCost.length > 0) {
    console.log(
      `\nTracing cost (same build; tracing on = OTEL_EXPORTER_OTLP_ENDPOINT set, every request sampled, ${exports} OTLP exports to a local sink that drops them)\n`,
    );
    console.log(
      '| requests | tracing off req/s | on req/s | ratio on/off | p99 ms off / on |',
    );
    console.log('|---|---:|---:|---:|---:|');
    for (const { title, on, off, onP99, offP99 } of tracingCost)
      console.log(
        `| ${title} | ${off.toFixed(0)} | ${on.toFixed(0)} | ${(on / off).toFixed(2)} | ${offP99.toFixed(0)} / ${onP99.toFixed(0)} |`,
      );
  }
  console.log(
    `\nAPI resident memory after the run: ${rssMb(api.pid).toFixed(0)} MB`,
  );
} finally {
  baseline?.kill('SIGTERM');
  await stopApi();
  await stopApiOff();
  await database.stop();
}
