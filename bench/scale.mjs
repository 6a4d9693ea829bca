#!/usr/bin/env node
// npm run bench:scale (after npm run build): the API at the size of issue 10, in one run.
//
// 1. Data: BENCH_SCALE_ORGS organizations (default 10), registered through the API, each with
//    BENCH_SCALE_CUSTOMERS customers (100,000) and BENCH_SCALE_ACCOUNTS accounts (1,000,000) and a
//    daily snapshot per day, loaded with COPY (bench/lib/scale-data.mjs), then VACUUM ANALYZE; the
//    follower has replayed all of it before anything is measured.
// 2. Analytics: every /api/analytics endpoint of the first organization, BENCH_SCALE_REQUESTS
//    sequential requests each (default 200) after a warm-up: p50/p95 as the client sees them, p95
//    as the API measured it (its http_request_duration_seconds histogram: the bucket it falls in,
//    and the share of requests answered within 10 ms, the issue's bound),
//    and the statement's mean and max execution time on the follower (pg_stat_statements; embedded
//    database only). Beside them, "before": the live-count statements the API ran until issue 10
//    (bench/lib/live-count-sql.mjs), run directly on the follower with a 10 s statement timeout.
// 3. Search: GET /api/customers?q=... for a few terms (the issue's, rare, common, an e-mail
//    fragment, one and two characters), at the portal's page size (20) and for two of them without
//    a limit (1000 rows), and EXPLAIN ANALYZE of the list statement (bench/baseline-sql.mjs, checked
//    against the API's) on the leader, with the trigram index and without it (dropped inside a
//    transaction that is rolled back).
// 4. Writers: 16 connections to the leader, each running short transactions (insert an account,
//    flip another account's status) for BENCH_SCALE_WRITER_SECONDS (default 10) in total, all in
//    one organization, then each in an organization of its own (16 small organizations); tx/s of
//    both and their ratio (a row every writer of an organization updates would show here).
//
// Database: DATABASE_URL (+ ANALYTICS_DB_URL) if set (a scratch database: the load drops and
// rebuilds the secondary indexes of customers and accounts), else a fresh embedded leader +
// follower with production-like memory settings, deleted afterwards. BENCH_SCALE_ONLY: a
// comma-separated subset of analytics,search,writers (the data is loaded in every case). The
// machine's load average is printed with the figures: everything shares its cores.
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { BASELINE_SQL } from './baseline-sql.mjs';
import {
  signUp,
  startApi,
  startDatabase,
  waitForHttp,
} from './lib/harness.mjs';
import { LIVE_COUNT_SQL } from './lib/live-count-sql.mjs';
import { loadDataSet, loadOrganization } from './lib/scale-data.mjs';

const setting = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer`);
  return value;
};
const ORGS = setting('BENCH_SCALE_ORGS', 10);
const CUSTOMERS = setting('BENCH_SCALE_CUSTOMERS', 100_000);
const ACCOUNTS = setting('BENCH_SCALE_ACCOUNTS', 1_000_000);
const REQUESTS = setting('BENCH_SCALE_REQUESTS', 200);
const WRITER_SECONDS = setting('BENCH_SCALE_WRITER_SECONDS', 10);
const WRITERS = 16;
const SECTIONS = (
  process.env.BENCH_SCALE_ONLY ?? 'analytics,search,writers'
).split(',');
/** Longest time one endpoint or statement is measured for: a slow one gets fewer runs. */
const BUDGET_MS = 20_000;
/** The "before" statements: at most this many runs each, cancelled after 10 s. */
const BEFORE_RUNS = 10;
const BEFORE_TIMEOUT_MS = 10_000;

const log = (line) => console.error(`[bench:scale] ${line}`);
const ms = (value) =>
  value >= 100
    ? value.toFixed(0)
    : value >= 10
      ? value.toFixed(1)
      : value.toFixed(2);

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

const summary = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
  };
};

async function connect(url, name) {
  const client = new pg.Client({
    connectionString: url,
    application_name: `bench:scale-${name}`,
  });
  await client.connect();
  return client;
}

/** The follower has replayed everything the leader has written so far. */
async function waitForReplay(leader, follower, timeoutMs = 600_000) {
  const {
    rows: [{ lsn }],
  } = await leader.query('SELECT pg_current_wal_lsn()::text AS lsn');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const {
      rows: [{ replayed }],
    } = await follower.query(
      'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS replayed',
      [lsn],
    );
    if (replayed) return;
    if (Date.now() > deadline)
      throw new Error(`the follower did not replay ${lsn} in time`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// --- server-side time: the API's own histogram ---------------------------------------------------
/** Cumulative counts per bucket bound (seconds) of http_request_duration_seconds for GET `route` 200. */
async function histogram(apiUrl, route) {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  const buckets = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith('http_request_duration_seconds_bucket{')) continue;
    if (!line.includes(`route="${route}"`) || !line.includes('method="GET"'))
      continue;
    if (!line.includes('status_code="200"')) continue;
    const le = /le="([^"]+)"/.exec(line)[1];
    buckets.set(
      le === '+Inf' ? Infinity : Number(le),
      Number(line.slice(line.lastIndexOf(' ') + 1)),
    );
  }
  return buckets;
}

/**
 * Between two histograms: the upper bound (ms) of the bucket holding the p95, and the share of
 * requests the server answered within the issue's 10 ms (a bucket bound: exact, not interpolated;
 * p95 ≤ 10 ms holds exactly when that share is at least 95 %).
 */
function serverP95(before, after) {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (total === 0) return '-';
  const within = (bound) => after.get(bound) - (before.get(bound) ?? 0);
  const share = after.has(0.01)
    ? ` (${((100 * within(0.01)) / total).toFixed(1)} % ≤ 10)`
    : '';
  for (const bound of bounds)
    if (within(bound) >= 0.95 * total)
      return `${bound === Infinity ? '> 10 s' : `≤ ${bound * 1000}`}${share}`;
  return '-';
}

// --- SQL time on a server: pg_stat_statements ----------------------------------------------------
/** Resets and reads pg_stat_statements on one server, when the extension is there. */
function statementStats(client, available) {
  return {
    reset: async () => {
      if (available) await client.query('SELECT pg_stat_statements_reset()');
    },
    /** The tenant statement that took the most time since the reset: mean and max ms. */
    top: async () => {
      if (!available) return '-';
      const { rows } = await client.query(
        `SELECT calls, mean_exec_time, max_exec_time FROM pg_stat_statements
          WHERE query LIKE '%organization_id = $1%' AND query NOT LIKE '%pg_stat_statements%'
          ORDER BY total_exec_time DESC LIMIT 1`,
      );
      return rows[0]
        ? `${ms(rows[0].mean_exec_time)} / ${ms(rows[0].max_exec_time)}`
        : '-';
    },
  };
}

// --- HTTP: sequential requests ---------------------------------------------------------------------
async function timeRequests(url, headers, count) {
  const samples = [];
  const statuses = new Map();
  const servedBy = new Set();
  const started = Date.now();
  while (samples.length < count && Date.now() - started < BUDGET_MS) {
    const t0 = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    samples.push(performance.now() - t0);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const server = response.headers.get('x-served-by');
    if (server) servedBy.add(server);
  }
  const failed = [...statuses].filter(([status]) => status !== 200);
  return {
    ...summary(samples),
    failures: failed.map(([status, n]) => `${n}× ${status}`).join(', '),
    servedBy: [...servedBy].join(' + ') || '-',
  };
}

/** An endpoint: warm-up, then `REQUESTS` sequential requests with the server's view of them. */
async function measureEndpoint(api, auth, path, route, sqlStats) {
  await timeRequests(`${api.url}${path}`, auth, 20);
  const before = await histogram(api.url, route);
  await sqlStats.reset();
  const client = await timeRequests(`${api.url}${path}`, auth, REQUESTS);
  const after = await histogram(api.url, route);
  return {
    client,
    server: serverP95(before, after),
    sql: await sqlStats.top(),
  };
}

// --- direct SQL ------------------------------------------------------------------------------------
/** Runs `sql` up to BEFORE_RUNS times (within the budget) with a 10 s statement timeout. */
async function timeStatement(client, sql, params) {
  await client.query(`SET statement_timeout = ${BEFORE_TIMEOUT_MS}`);
  const samples = [];
  let timeouts = 0;
  const started = Date.now();
  while (
    samples.length + timeouts < BEFORE_RUNS &&
    Date.now() - started < BUDGET_MS
  ) {
    const t0 = performance.now();
    try {
      await client.query(sql, params);
      samples.push(performance.now() - t0);
    } catch (error) {
      if (error.code !== '57014') throw error;
      timeouts += 1;
      if (timeouts >= 2) break;
    }
  }
  return { ...summary(samples), timeouts };
}

const formatBefore = (before) =>
  before.timeouts > 0 && before.n === 0
    ? `> ${BEFORE_TIMEOUT_MS / 1000} s (${before.timeouts}× cancelled)`
    : `${ms(before.p50)} / ${ms(before.p95)} (${before.n} runs${before.timeouts ? `, ${before.timeouts}× > 10 s` : ''})`;

/** EXPLAIN ANALYZE of `sql`: the execution time (median of `runs`) and the indexes it used. */
async function explain(client, sql, params, runs = 5) {
  const times = [];
  let indexes = [];
  for (let i = 0; i < runs; i += 1) {
    const { rows } = await client.query(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
      params,
    );
    const [result] = rows[0]['QUERY PLAN'];
    times.push(result['Execution Time']);
    const names = [];
    const walk = (node) => {
      if (node['Index Name'])
        names.push(`${node['Node Type']} on ${node['Index Name']}`);
      if (node['Node Type'] === 'Seq Scan') names.push('Seq Scan');
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(result.Plan);
    indexes = names;
  }
  return { ...summary(times), plan: [...new Set(indexes)].join(' + ') };
}

// --- writers -----------------------------------------------------------------------------------------
/**
 * `WRITERS` connections, writer i in organization `organizations[i % n]`, for `seconds`: each
 * transaction inserts an account for a random customer and flips a random existing account's
 * status. Returns committed transactions per second (and errors, e.g. deadlocks).
 */
async function runWriters(url, organizations, targets, seconds) {
  const clients = await Promise.all(
    Array.from({ length: WRITERS }, (_, i) => connect(url, `writer-${i}`)),
  );
  let committed = 0;
  const errors = new Map();
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, i) => {
      const organizationId = organizations[i % organizations.length];
      const { customerIds, accountIds } = targets.get(organizationId);
      const pick = (ids) => ids[Math.floor(Math.random() * ids.length)];
      while (performance.now() < deadline) {
        try {
          await client.query('BEGIN');
          await client.query(
            `INSERT INTO accounts (organization_id, customer_id, name, status) VALUES ($1, $2, 'Writer', 'active')`,
            [organizationId, pick(customerIds)],
          );
          await client.query(
            `UPDATE accounts SET status = CASE WHEN status = 'active' THEN 'inactive' ELSE 'active' END, updated_at = now()
              WHERE organization_id = $1 AND id = $2`,
            [organizationId, pick(accountIds)],
          );
          await client.query('COMMIT');
          committed += 1;
        } catch (error) {
          errors.set(
            error.code ?? error.message,
            (errors.get(error.code ?? error.message) ?? 0) + 1,
          );
          await client.query('ROLLBACK').catch(() => null); // the connection broke: counted above
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(clients.map((client) => client.end()));
  return { committed, seconds: elapsed, errors };
}

// --- the run -------------------------------------------------------------------------------------------
const runStarted = Date.now();
const database = await startDatabase({
  // Memory for a data set of several GB (the defaults are for a laptop), fewer checkpoints during
  // the load, and per-statement times.
  settings: {
    shared_buffers: '1GB',
    max_wal_size: '8GB',
    checkpoint_timeout: '30min',
    shared_preload_libraries: 'pg_stat_statements',
  },
});
const api = await startApi(database, {
  AGGREGATE_SCHEDULE: 'off', // no hourly aggregation of every organization in the middle of a measurement
  JWT_EXPIRES_IN: '3600',
});
const output = [];
const print = (line = '') => output.push(line);
let leader;
let follower;
try {
  await waitForHttp(`${api.url}/health`);
  leader = await connect(database.databaseUrl, 'leader');
  follower = database.analyticsUrl
    ? await connect(database.analyticsUrl, 'follower')
    : leader;
  const statStatements = await leader
    .query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
    .then(() => true)
    .catch(() => false);

  // 1. Data.
  const stamp = Date.now().toString(36);
  const owners = [];
  for (let i = 0; i < ORGS; i += 1)
    owners.push(await signUp(api.url, `scale-${stamp}-${i + 1}`));
  const [owner] = owners;
  log(
    `loading ${ORGS} organizations × ${CUSTOMERS} customers, ${ACCOUNTS} accounts`,
  );
  const loadStarted = Date.now();
  const { facts, timings } = await loadDataSet({
    url: database.databaseUrl,
    organizations: owners.map((o) => o.organizationId),
    customers: CUSTOMERS,
    accounts: ACCOUNTS,
    log,
  });
  const loadMs = Date.now() - loadStarted;
  const replayStarted = Date.now();
  await waitForReplay(leader, follower);
  const replayMs = Date.now() - replayStarted;
  const {
    rows: [size],
  } = await leader.query(
    `SELECT pg_size_pretty(pg_database_size(current_database())) AS database,
            (SELECT count(*) FROM accounts)::bigint AS accounts, (SELECT count(*) FROM customers)::bigint AS customers`,
  );
  const fact = facts.get(owner.organizationId);

  print(
    `Scale benchmark ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
      `${database.embedded ? 'embedded leader + follower' : 'DATABASE_URL'}`,
  );
  print();
  print(
    `Data: ${ORGS} organizations × ${CUSTOMERS.toLocaleString('en')} customers and ${ACCOUNTS.toLocaleString('en')} accounts ` +
      `(${Number(size.customers).toLocaleString('en')} customers, ${Number(size.accounts).toLocaleString('en')} accounts in all, ${size.database}); ` +
      `per organization ${fact.withoutAccounts.toLocaleString('en')} customers without accounts, median ${fact.medianAccounts} accounts, at most ${fact.maxAccounts}.`,
  );
  print(
    `Loaded in ${(loadMs / 1000).toFixed(0)} s (COPY ${(timings.copy / 1000).toFixed(0)} s, indexes ${(timings.indexes / 1000).toFixed(0)} s, ` +
      `foreign keys ${(timings['foreign keys'] / 1000).toFixed(0)} s, vacuum analyze ${(timings['vacuum analyze'] / 1000).toFixed(0)} s); ` +
      `the follower replayed the rest in ${(replayMs / 1000).toFixed(1)} s.`,
  );
  const auth = owner.auth;
  const org = owner.organizationId;
  const loadAtStart = loadavg()[0].toFixed(1);

  // 2. Analytics.
  if (SECTIONS.includes('analytics')) {
    log('analytics');
    const endpoints = [
      [
        'GET /api/analytics',
        '/api/analytics',
        '/api/analytics',
        LIVE_COUNT_SQL.organization,
        [org],
      ],
      [
        'GET /api/analytics/distribution',
        '/api/analytics/distribution',
        '/api/analytics/distribution',
        LIVE_COUNT_SQL.distribution,
        [org],
      ],
      [
        'GET /api/analytics/growth?days=365',
        '/api/analytics/growth?days=365',
        '/api/analytics/growth',
        LIVE_COUNT_SQL.growth,
        [org, 365],
      ],
      [
        'GET /api/analytics/history?days=365',
        '/api/analytics/history?days=365',
        '/api/analytics/history',
        LIVE_COUNT_SQL.history,
        [org, 365],
      ],
      [
        `GET /api/analytics/customers/:id (${fact.maxAccounts} accounts)`,
        `/api/analytics/customers/${fact.busiestCustomerId}`,
        '/api/analytics/customers/:id',
        LIVE_COUNT_SQL.customer,
        [org, fact.busiestCustomerId],
      ],
    ];
    const followerStats = statementStats(follower, statStatements);
    print();
    print(
      `Analytics of one organization (${REQUESTS} sequential requests after 20 warm-up; API on the follower; ms):`,
    );
    print();
    print(
      '| endpoint | API p50 / p95 (client) | API p95 (server histogram: bucket, share ≤ 10 ms) | served by | SQL mean / max (follower) | before: live-count SQL p50 / p95 (follower) |',
    );
    print('|---|---:|---:|---|---:|---:|');
    for (const [title, path, route, beforeSql, params] of endpoints) {
      log(title);
      const after = await measureEndpoint(
        api,
        auth,
        path,
        route,
        followerStats,
      );
      const before = await timeStatement(follower, beforeSql, params);
      const failures = after.client.failures
        ? ` (${after.client.failures})`
        : '';
      print(
        `| ${title} | ${ms(after.client.p50)} / ${ms(after.client.p95)}${failures} | ${after.server} | ${after.client.servedBy} | ${after.sql} | ${formatBefore(before)} |`,
      );
    }
    await follower.query('RESET statement_timeout');
  }

  // 3. Search.
  if (SECTIONS.includes('search')) {
    log('search');
    const leaderStats = statementStats(leader, statStatements);
    // Each at the portal's page size; the issue's request and the common term also without a limit.
    const terms = [
      ["the issue's term", 'Customer 9999', [20, 1000]],
      ['rare: one e-mail', 'customer77777@', [20]],
      ['e-mail fragment: a company domain', 'company-42.', [20]],
      ['common: every customer', 'Customer', [20, 1000]],
      ['one character', '7', [20]],
      ['two characters, no match', 'zz', [20]],
    ];
    const pattern = (q) => `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    print();
    print(
      `Search, GET /api/customers?q=... in one organization of ${CUSTOMERS.toLocaleString('en')} customers (${REQUESTS} sequential requests; on the leader; ms):`,
    );
    print();
    print(
      '| q | limit | API p50 / p95 (client) | API p95 (server) | SQL mean / max | EXPLAIN ANALYZE: with the index | without it (before) |',
    );
    print('|---|---:|---:|---:|---:|---:|---:|');
    for (const [what, q, limits] of terms) {
      for (const limit of limits) {
        log(`q=${q} limit=${limit}`);
        const path = `/api/customers?q=${encodeURIComponent(q)}${limit === 1000 ? '' : `&limit=${limit}`}`;
        const after = await measureEndpoint(
          api,
          auth,
          path,
          '/api/customers',
          leaderStats,
        );
        const params = [org, null, null, pattern(q), limit];
        const withIndex = await explain(
          leader,
          BASELINE_SQL.customerList,
          params,
        );
        await leader.query('BEGIN');
        await leader.query('DROP INDEX customers_search_idx');
        const without = await explain(
          leader,
          BASELINE_SQL.customerList,
          params,
          3,
        );
        await leader.query('ROLLBACK');
        const failures = after.client.failures
          ? ` (${after.client.failures})`
          : '';
        print(
          `| \`${q}\` (${what}) | ${limit === 1000 ? '(none) 1000' : limit} | ${ms(after.client.p50)} / ${ms(after.client.p95)}${failures} | ${after.server} | ${after.sql} | ` +
            `${ms(withIndex.p50)} (${withIndex.plan}) | ${ms(without.p50)} (${without.plan}) |`,
        );
      }
    }
  }

  // 4. Writers.
  if (SECTIONS.includes('writers')) {
    log('writers: 16 organizations of 1,000 customers and 10,000 accounts');
    const writerOrgs = [];
    for (let i = 0; i < WRITERS; i += 1) {
      const {
        rows: [{ id }],
      } = await leader.query(
        'INSERT INTO organizations (name) VALUES ($1) RETURNING id',
        [`scale-writers-${stamp}-${i + 1}`],
      );
      await leader.query('BEGIN');
      await loadOrganization(leader, {
        organizationId: id,
        customers: 1_000,
        accounts: 10_000,
        seed: 1_000 + i,
        nowMs: Date.now(),
      });
      await leader.query('COMMIT');
      writerOrgs.push(id);
    }
    await leader.query('ANALYZE customers, accounts');
    const targets = new Map();
    for (const id of writerOrgs) {
      const ids = async (table) =>
        (
          await leader.query(
            `SELECT id FROM ${table} WHERE organization_id = $1`,
            [id],
          )
        ).rows.map((row) => row.id);
      targets.set(id, {
        customerIds: await ids('customers'),
        accountIds: await ids('accounts'),
      });
    }
    const one = [writerOrgs[0]];
    // Warm-up, then A-B-B-A (half the time each), so that drift on a shared machine cancels out.
    await runWriters(database.databaseUrl, writerOrgs, targets, 2);
    const runs = { one: [], many: [] };
    for (const [name, orgs] of [
      ['one', one],
      ['many', writerOrgs],
      ['many', writerOrgs],
      ['one', one],
    ]) {
      log(
        `writers: ${name === 'one' ? 'one organization' : '16 organizations'}`,
      );
      runs[name].push(
        await runWriters(
          database.databaseUrl,
          orgs,
          targets,
          WRITER_SECONDS / 2,
        ),
      );
    }
    const rate = (list) =>
      list.reduce((sum, r) => sum + r.committed, 0) /
      list.reduce((sum, r) => sum + r.seconds, 0);
    const errors = (list) => {
      const all = new Map();
      for (const r of list)
        for (const [code, n] of r.errors)
          all.set(code, (all.get(code) ?? 0) + n);
      return all.size === 0
        ? 'none'
        : [...all].map(([code, n]) => `${n}× ${code}`).join(', ');
    };
    print();
    print(
      `Writers: ${WRITERS} connections to the leader, BEGIN; INSERT an account; UPDATE another account's status; COMMIT (${WRITER_SECONDS} s each, A-B-B-A):`,
    );
    print();
    print('| writers | tx/s | errors |');
    print('|---|---:|---:|');
    print(
      `| 16 in one organization | ${rate(runs.one).toFixed(0)} | ${errors(runs.one)} |`,
    );
    print(
      `| 16 in 16 organizations | ${rate(runs.many).toFixed(0)} | ${errors(runs.many)} |`,
    );
    print(
      `| ratio one / 16 (goal ≥ 0.80) | ${(rate(runs.one) / rate(runs.many)).toFixed(2)} | |`,
    );
  }
  print();
  print(
    `Whole run: ${((Date.now() - runStarted) / 1000).toFixed(0)} s; load average (1 min) ${loadAtStart} when the measurements began, ${loadavg()[0].toFixed(1)} at the end.`,
  );
  console.log(`\n${output.join('\n')}`);
} finally {
  await leader?.end();
  if (follower !== leader) await follower?.end();
  await api.stop();
  await database.stop();
}
