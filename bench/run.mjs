#!/usr/bin/env node
// npm run bench: our API and two baselines running the same SQL on the same database, side by side
// in one run, for five endpoints: the bare one (bench/baseline-server.mjs: Fastify + pg, no auth,
// validation or logging, the ceiling) and the minimal complete one (bench/minimal-server.mjs: the
// same plus JWT verification, JSON-schema validation, one log line per request and the security
// headers). Prints req/s, p50/p99 latency, the ratios ours/bare and ours/minimal and the p99 ratio
// against issue 12's goals, and each server's CPU time per request; then the price of causal
// routing (the api with CAUSAL_READS on and off, for POST, GET /api/analytics, and a POST
// followed by GET /api/analytics of the same organization);
// then the price of the analytics rollups (the POSTs with their triggers enabled and disabled, on
// the embedded database only); then the price of tracing (the api with OTEL_EXPORTER_OTLP_ENDPOINT
// unset and set, exporting every span to a local sink that accepts and drops them, for the same
// requests as the routing cost); then the CPU price of response compression; then the API's
// resident memory against its goal.
//
// The api and the minimal baseline log at info (one line per request), both to /dev/null.
// Database: DATABASE_URL (+ ANALYTICS_DB_URL) if set, else a fresh embedded leader + follower.
// BENCH_DURATION (seconds per run, default 8), BENCH_CONNECTIONS (default 16), BENCH_ROUNDS (the main
// table's alternations, default 4), BENCH_ONLY (run only the endpoints whose title contains this text).
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  BENCH_JWT_SECRET,
  cpuMs,
  freePort,
  root,
  rssMb,
  seedTenant,
  signUp,
  startApi,
  startDatabase,
  waitForHttp,
} from './lib/harness.mjs';
import { API_NODE_FLAGS } from '../scripts/api-node-flags.mjs';

const duration = Number(process.env.BENCH_DURATION ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const poolMax = '10';

/** Issue 12's goals, for each of its four endpoints (and the api's memory after the run). */
const GOALS = {
  ratioToBare: 0.65,
  ratioToMinimal: 0.85,
  p99ToBare: 2,
  rssMb: 160,
};
const GOAL_ENDPOINTS = new Set([
  'GET /api/customers/:id',
  'GET /api/customers?limit=50',
  'POST /api/customers',
  'GET /api/analytics',
]);
const mark = (met) => (met ? 'met' : '**not met**');

/**
 * Compared runs take a quarter of the duration each: A-B-B-A twice (the sections after the main
 * table), and the main table's servers `rounds` times in each direction (ours, bare, minimal, then
 * back): 16 s per server and endpoint by default.
 */
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error('BENCH_ROUNDS must be a positive integer');
const quarterDuration = Math.max(2, Math.round(duration / 4));

/**
 * `items` in order and back again (A-B-B-A; ours, bare, minimal, minimal, bare, ours), `times`
 * times over: a drift in the machine's speed weighs on each of them alike.
 */
const backAndForth = (items, times) =>
  Array.from({ length: times }, () => [
    ...items,
    ...[...items].reverse(),
  ]).flat();

/** The mean of one figure (req/s by default) over repeated runs. */
const mean = (runs, key = 'rps') =>
  runs.reduce((sum, result) => sum + result[key], 0) / runs.length;

/**
 * The same requests in two configurations, A-B-B-A twice, a quarter of the duration each: a drift
 * in the machine's speed weighs on both alike (A-B-B-A once, half the duration each, gave the same
 * comparison 0.86-1.01 from run to run). `a` and `b` are [label, autocannon options];
 * `beforeEach(isA)` runs before each run (to switch something the options cannot). The runs of
 * A and of B.
 */
async function abba(title, [labelA, optionsA], [labelB, optionsB], beforeEach) {
  const runsA = [];
  const runsB = [];
  const sideA = [runsA, labelA, optionsA];
  const sideB = [runsB, labelB, optionsB];
  for (const [runs, label, options] of backAndForth([sideA, sideB], 2)) {
    await beforeEach?.(runs === runsA);
    runs.push(
      await run(`${title} (${label})`, {
        ...options,
        duration: quarterDuration,
      }),
    );
  }
  return [runsA, runsB];
}

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
        bytes: result.throughput.average / result.requests.average,
        requests: result.requests.total,
      });
    });
  });
}

// --- database and our API ---------------------------------------------------------------------
const database = await startDatabase();
const { databaseUrl, analyticsUrl } = database;
// Request lines written, as in production (LOG_LEVEL=info), to /dev/null like the minimal baseline's.
const apiEnv = {
  DB_POOL_MAX: poolMax,
  ANALYTICS_DB_POOL_MAX: poolMax,
  LOG_LEVEL: 'info',
  // Tracing off unless a section turns it on (blank = off, whatever the shell has).
  OTEL_EXPORTER_OTLP_ENDPOINT: '',
};
const quiet = { discardStdout: true };

const {
  child: api,
  url: apiUrl,
  stop: stopApi,
} = await startApi(database, apiEnv, quiet);
// The same build with causal reads off (CAUSAL_READS=false): no write positions, any follower
// under the lag limit answers. Compared with `api` to price the routing.
const { url: apiOffUrl, stop: stopApiOff } = await startApi(
  database,
  { ...apiEnv, CAUSAL_READS: 'false' },
  quiet,
);
// The same build with node's default heap sizing instead of the start commands' heap budget
// (scripts/api-node-flags.mjs): compared with `api` to price the budget.
const {
  child: apiDefaultHeap,
  url: apiDefaultHeapUrl,
  stop: stopApiDefaultHeap,
} = await startApi(database, apiEnv, { ...quiet, nodeFlags: [] });
let baseline;
let minimal;

/** Forks a baseline server and waits for its "ready"; stdout 'ignore' sends its log to /dev/null. */
async function startBaseline(script, env) {
  const port = await freePort();
  const child = fork(join(root, script), [], {
    env: { ...process.env, PORT: String(port), POOL_MAX: poolMax, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) =>
      reject(new Error(`${script} exited with ${code}`)),
    );
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

try {
  await waitForHttp(`${apiUrl}/health`);
  await waitForHttp(`${apiOffUrl}/health`);
  await waitForHttp(`${apiDefaultHeapUrl}/health`);

  // A tenant with data: 2,000 customers, 4,000 accounts.
  const { auth, organizationId } = await signUp(apiUrl, `bench-${Date.now()}`);
  const customerId = await seedTenant(databaseUrl, organizationId);

  let baseUrl;
  let minimalUrl;
  ({ child: baseline, url: baseUrl } = await startBaseline(
    'bench/baseline-server.mjs',
    {
      DATABASE_URL: databaseUrl,
      ANALYTICS_DB_URL: analyticsUrl ?? '',
      ORGANIZATION_ID: String(organizationId),
    },
  ));
  ({ child: minimal, url: minimalUrl } = await startBaseline(
    'bench/minimal-server.mjs',
    {
      DATABASE_URL: databaseUrl,
      ANALYTICS_DB_URL: analyticsUrl ?? '',
      JWT_SECRET: BENCH_JWT_SECRET,
      LOG_LEVEL: 'info',
    },
  ));

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

  // Each endpoint on the three servers: ours (with the token), the bare baseline (no token: it
  // reads the organization from its environment), the minimal one (the same token as ours).
  const json = { 'content-type': 'application/json' };
  const allCases = [
    {
      title: 'GET /api/customers/:id',
      ours: { url: `${apiUrl}/api/customers/${customerId}`, headers: auth },
      bare: { url: `${baseUrl}/customers/${customerId}` },
      minimal: { url: `${minimalUrl}/customers/${customerId}`, headers: auth },
    },
    {
      title: 'GET /api/customers?limit=50',
      ours: { url: `${apiUrl}/api/customers?limit=50`, headers: auth },
      bare: { url: `${baseUrl}/customers?limit=50` },
      minimal: { url: `${minimalUrl}/customers?limit=50`, headers: auth },
    },
    {
      title: 'POST /api/customers',
      ours: {
        url: `${apiUrl}/api/customers`,
        method: 'POST',
        headers: { ...auth, ...json },
        requests: [{ setupRequest: uniqueCustomer('ours') }],
      },
      bare: {
        url: `${baseUrl}/customers`,
        method: 'POST',
        headers: json,
        requests: [{ setupRequest: uniqueCustomer('base') }],
      },
      minimal: {
        url: `${minimalUrl}/customers`,
        method: 'POST',
        headers: { ...auth, ...json },
        requests: [{ setupRequest: uniqueCustomer('minimal') }],
      },
    },
    {
      title: 'POST /api/accounts',
      ours: {
        url: `${apiUrl}/api/accounts`,
        method: 'POST',
        headers: { ...auth, ...json },
        body: newAccount,
      },
      bare: {
        url: `${baseUrl}/accounts`,
        method: 'POST',
        headers: json,
        body: newAccount,
      },
      minimal: {
        url: `${minimalUrl}/accounts`,
        method: 'POST',
        headers: { ...auth, ...json },
        body: newAccount,
      },
    },
    {
      title: 'GET /api/analytics',
      ours: { url: `${apiUrl}/api/analytics`, headers: auth },
      bare: { url: `${baseUrl}/analytics` },
      minimal: { url: `${minimalUrl}/analytics`, headers: auth },
    },
  ];

  const cases = allCases.filter(({ title }) =>
    title.includes(process.env.BENCH_ONLY ?? ''),
  );
  const servers = ['ours', 'bare', 'minimal'];

  // Warm all three up (JIT, pools) before measuring. The reads here; each write right before it
  // is measured (a cold write path compiles while it is measured, which weighs on the server with
  // more code to compile), so that the reads are measured on the seeded tenant: thousands of new
  // rows with PostgreSQL's statistics not yet updated slowed every server's list to ~210 req/s.
  const warmUp = async (endpoint) => {
    for (const server of servers)
      await run(`${endpoint.title} warm-up`, {
        ...endpoint[server],
        duration: 2,
      });
  };
  for (const endpoint of cases)
    if (endpoint.ours.method !== 'POST') await warmUp(endpoint);

  // Each endpoint on the three servers in the order ours, bare, minimal, minimal, bare, ours,
  // `rounds` times (4), a quarter of the duration each (2 s), averaged per server: a drift in the
  // machine's speed (another process, a CPU's frequency, the database's own work: a checkpoint, an
  // autovacuum of the table the POSTs fill) weighs on the three alike instead of on whichever ran
  // then. Measured on one machine in one hour: a single 3 s run of `POST /api/customers` varied
  // from 1,078 to 2,042 req/s (and 198 to 371 µs of CPU per request) with nothing changed; the
  // order once, half the duration each, gave `POST` against the minimal baseline 0.75-0.99 from
  // run to run; twice, 1.00 and 0.81.
  // Each run also reads the server process's CPU time (user + system, /proc) before and after:
  // CPU per request says what a server costs the machine, whatever the database and the load
  // generator on the same cores do to its rate.
  const order = backAndForth(servers, rounds);
  const pids = { ours: api.pid, bare: baseline.pid, minimal: minimal.pid };
  const results = [];
  for (const endpoint of cases) {
    if (endpoint.ours.method === 'POST') await warmUp(endpoint);
    const runs = Object.fromEntries(servers.map((server) => [server, []]));
    for (const server of order) {
      const before = cpuMs(pids[server]);
      const result = await run(`${endpoint.title} (${server})`, {
        ...endpoint[server],
        duration: quarterDuration,
      });
      const cpuUs = ((cpuMs(pids[server]) - before) * 1000) / result.requests;
      runs[server].push({ ...result, cpuUs });
    }
    const result = { title: endpoint.title };
    for (const server of servers)
      result[server] = {
        rps: mean(runs[server], 'rps'),
        p50: mean(runs[server], 'p50'),
        p99: mean(runs[server], 'p99'),
        cpuUs: mean(runs[server], 'cpuUs'),
      };
    results.push(result);
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
    const [on, off] = await abba(
      title,
      ['causal reads on', request(apiUrl)],
      ['causal reads off', request(apiOffUrl)],
    );
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
    const writes = cases.filter(({ title }) => title.startsWith('POST'));
    try {
      for (const { title, ours } of writes) {
        const [on, off] = await abba(
          title,
          ['rollup triggers on', ours],
          ['rollup triggers off', ours],
          (enabled) => triggers(enabled ? 'ENABLE' : 'DISABLE'),
        );
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
    const traced = await startApi(
      database,
      {
        ...apiEnv,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sinkPort}`,
      },
      quiet,
    );
    try {
      await waitForHttp(`${traced.url}/health`);
      for (const [title, request] of routingCases)
        await run(`${title} warm-up (traced)`, {
          ...request(traced.url),
          duration: 2,
        });
      for (const [title, request] of routingCases) {
        const [on, off] = await abba(
          title,
          ['tracing on', request(traced.url)],
          ['tracing off', request(apiUrl)],
        );
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

  // The CPU price of compression: the same requests to our api with and without Accept-Encoding,
  // A-B-B-A per pair (each pair warmed first), a large list (1,000 rows) and a small response.
  const large = { url: `${apiUrl}/api/customers?limit=1000`, headers: auth };
  const small = {
    url: `${apiUrl}/api/customers/${customerId}`,
    headers: auth,
  };
  const compressionCases = [
    ['GET /api/customers?limit=1000', 'br, gzip', large],
    ['GET /api/customers?limit=1000', 'gzip', large],
    ['GET /api/customers/:id', 'br, gzip', small],
  ].filter(([title]) =>
    `${title} compression`.includes(process.env.BENCH_ONLY ?? ''),
  );
  const compression = [];
  for (const [title, acceptEncoding, request] of compressionCases) {
    const asked = {
      ...request,
      headers: { ...request.headers, 'accept-encoding': acceptEncoding },
    };
    await run(`${title} warm-up`, { ...request, duration: 2 });
    await run(`${title} warm-up`, { ...asked, duration: 2 });
    const [plain, encoded] = await abba(
      title,
      ['plain', request],
      [acceptEncoding, asked],
    );
    compression.push({
      title,
      acceptEncoding,
      plain: { rps: mean(plain, 'rps'), bytes: mean(plain, 'bytes') },
      encoded: { rps: mean(encoded, 'rps'), bytes: mean(encoded, 'bytes') },
    });
  }

  // The heap budget's price: the same requests to our api started with the budget and with node's
  // default heap sizing, A-B-B-A per endpoint (each warmed first).
  const heapCases = allCases.filter(
    ({ title }) =>
      ['GET /api/customers/:id', 'POST /api/customers'].includes(title) &&
      `${title} heap`.includes(process.env.BENCH_ONLY ?? ''),
  );
  const heap = [];
  for (const { title, ours } of heapCases) {
    const defaults = {
      ...ours,
      url: ours.url.replace(apiUrl, apiDefaultHeapUrl),
    };
    await run(`${title} warm-up`, { ...ours, duration: 2 });
    await run(`${title} warm-up`, { ...defaults, duration: 2 });
    const [budget, unbounded] = await abba(
      title,
      ['heap budget', ours],
      ['default heap', defaults],
    );
    heap.push({
      title,
      budget: { rps: mean(budget, 'rps'), p99: mean(budget, 'p99') },
      unbounded: { rps: mean(unbounded, 'rps'), p99: mean(unbounded, 'p99') },
    });
  }

  const cpu = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`;
  console.log(
    `\nBenchmark ${new Date().toISOString().slice(0, 10)} on ${cpu}, Node ${process.version}, ${connections} connections, ${duration} s per run (main table: ${rounds * 2} runs of ${quarterDuration} s per server, alternated)`,
  );
  console.log(
    `Database: ${database.embedded ? 'embedded leader + follower' : 'DATABASE_URL'}; analytics on ${analyticsUrl ? 'the follower' : 'the primary'}; pools of ${poolMax}; ours and the minimal baseline log one line per request at info to /dev/null\n`,
  );
  const ratio = (a, b) => (b > 0 ? a / b : 0);
  console.log(
    '| endpoint | ours req/s | bare req/s | minimal req/s | ours/bare (goal ≥ 0.65) | ours/minimal (goal ≥ 0.85) | p99 ms ours / bare / minimal | p99 ours/bare (goal ≤ 2) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  let allMet = true;
  for (const { title, ours, bare, minimal: min } of results) {
    const toBare = ratio(ours.rps, bare.rps);
    const toMinimal = ratio(ours.rps, min.rps);
    const p99 = ratio(ours.p99, bare.p99);
    const goal = GOAL_ENDPOINTS.has(title);
    const judged = (value, met) =>
      goal ? `${value} ${mark(met)}` : `${value} (no goal)`;
    if (goal)
      allMet &&=
        toBare >= GOALS.ratioToBare &&
        toMinimal >= GOALS.ratioToMinimal &&
        p99 <= GOALS.p99ToBare;
    console.log(
      `| ${title} | ${ours.rps.toFixed(0)} | ${bare.rps.toFixed(0)} | ${min.rps.toFixed(0)} | ${judged(toBare.toFixed(2), toBare >= GOALS.ratioToBare)} | ${judged(toMinimal.toFixed(2), toMinimal >= GOALS.ratioToMinimal)} | ${ours.p99} / ${bare.p99} / ${min.p99} | ${judged(p99.toFixed(1), p99 <= GOALS.p99ToBare)} |`,
    );
  }
  console.log(
    '\nCPU per request (each server process, user + system time from /proc over its runs above, µs)\n',
  );
  console.log('| endpoint | ours | bare | minimal | ours/minimal |');
  console.log('|---|---:|---:|---:|---:|');
  for (const { title, ours, bare, minimal: min } of results)
    console.log(
      `| ${title} | ${ours.cpuUs.toFixed(0)} | ${bare.cpuUs.toFixed(0)} | ${min.cpuUs.toFixed(0)} | ${ratio(ours.cpuUs, min.cpuUs).toFixed(2)} |`,
    );
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
  if (compression.length > 0) {
    console.log(
      '\nCompression (our api, same requests with and without Accept-Encoding, A-B-B-A twice; bytes per response include the headers)\n',
    );
    console.log(
      '| request | Accept-Encoding | plain req/s | compressed req/s | ratio | bytes plain | bytes compressed |',
    );
    console.log('|---|---|---:|---:|---:|---:|---:|');
    for (const { title, acceptEncoding, plain, encoded } of compression)
      console.log(
        `| ${title} | ${acceptEncoding} | ${plain.rps.toFixed(0)} | ${encoded.rps.toFixed(0)} | ${ratio(encoded.rps, plain.rps).toFixed(2)} | ${plain.bytes.toFixed(0)} | ${encoded.bytes.toFixed(0)} |`,
      );
  }
  if (heap.length > 0) {
    console.log(
      `\nHeap budget (our api started with ${API_NODE_FLAGS.join(' ')}, as its start commands do, and with node's default heap sizing; A-B-B-A twice)\n`,
    );
    console.log(
      '| request | budget req/s | default req/s | ratio | p99 ms budget / default |',
    );
    console.log('|---|---:|---:|---:|---:|');
    for (const { title, budget, unbounded } of heap)
      console.log(
        `| ${title} | ${budget.rps.toFixed(0)} | ${unbounded.rps.toFixed(0)} | ${ratio(budget.rps, unbounded.rps).toFixed(2)} | ${budget.p99.toFixed(0)} / ${unbounded.p99.toFixed(0)} |`,
      );
    console.log(
      `\nResident memory of the default-heap api after its runs (the same requests as above only): ${rssMb(apiDefaultHeap.pid).toFixed(0)} MB`,
    );
  }
  const rss = rssMb(api.pid);
  console.log(
    `\nAPI resident memory after the run: ${rss.toFixed(0)} MB (goal < ${GOALS.rssMb} MB: ${mark(rss < GOALS.rssMb)})`,
  );
  const judgedEndpoints = results.filter(({ title }) =>
    GOAL_ENDPOINTS.has(title),
  ).length;
  console.log(
    `Issue 12's goals, ${judgedEndpoints} of ${GOAL_ENDPOINTS.size} endpoints measured: ${mark(allMet && rss < GOALS.rssMb)}`,
  );
} finally {
  baseline?.kill('SIGTERM');
  minimal?.kill('SIGTERM');
  await stopApi();
  await stopApiOff();
  await stopApiDefaultHeap();
  await database.stop();
}
