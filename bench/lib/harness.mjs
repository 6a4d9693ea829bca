// What the benchmarks share (bench/run.mjs, bench/scale.mjs): the database (DATABASE_URL +
// ANALYTICS_DB_URL if set, else a fresh embedded leader + follower), the built api as a child
// process, free ports, JSON requests and waits.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_NODE_FLAGS } from '../../scripts/api-node-flags.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

export const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export async function waitForHttp(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** A JSON request that must succeed; its parsed body. */
export async function json(url, init) {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...init?.headers },
  });
  const body = await response.json();
  if (!response.ok)
    throw new Error(
      `${init?.method ?? 'GET'} ${url}: ${response.status} ${JSON.stringify(body)}`,
    );
  return body;
}

/** Clock ticks per second of /proc's CPU times (Linux: 100). */
const CLOCK_TICKS = Number(
  execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(),
);

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

/**
 * The benchmark's database: DATABASE_URL (+ ANALYTICS_DB_URL) if set, else a fresh embedded
 * leader + follower in a temporary directory, with `settings` (server settings, embedded only).
 * `stop()` stops the embedded cluster and deletes its directory (nothing for a given DATABASE_URL).
 */
export async function startDatabase({ settings } = {}) {
  if (process.env.DATABASE_URL)
    return {
      embedded: false,
      databaseUrl: process.env.DATABASE_URL,
      analyticsUrl: process.env.ANALYTICS_DB_URL,
      stop: () => Promise.resolve(), // not ours to stop
    };
  const { startEmbeddedCluster } =
    await import('../../scripts/load-embedded-cluster.mjs');
  const dataDir = mkdtempSync(join(tmpdir(), 'saas-bench-'));
  const cluster = await startEmbeddedCluster({ dataDir, settings });
  return {
    embedded: true,
    databaseUrl: cluster.leaderUrl,
    analyticsUrl: cluster.followerUrl,
    stop: async () => {
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const bundle = join(root, 'dist/apps/api/main.js');

/** The api's JWT_SECRET in the benchmarks (and the minimal baseline's, which verifies its tokens). */
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-1234';

/**
 * One built api process (dist/apps/api/main.js, `npm run build` first, with the node flags of the
 * product's start commands) on the benchmark database,
 * in production mode at LOG_LEVEL=warn, with auth throttling out of the way; `env` adds to or
 * overrides those settings. With `discardStdout`, its stdout (pino's log lines) goes to /dev/null,
 * as the minimal baseline's does: the log is written, nobody reads it. `nodeFlags` replaces the
 * start commands' node flags (the benchmark prices them). `stop()` sends SIGTERM,
 * waits for the exit and deletes its DATA_DIR.
 */
export async function startApi(
  database,
  env = {},
  { discardStdout = false, nodeFlags = API_NODE_FLAGS } = {},
) {
  if (!existsSync(bundle)) throw new Error('Build first: npm run build');
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'saas-bench-data-'));
  const child = spawn(process.execPath, [...nodeFlags, bundle], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      JWT_SECRET: BENCH_JWT_SECRET,
      DATABASE_URL: database.databaseUrl,
      ANALYTICS_DB_URL: database.analyticsUrl ?? '',
      AUTH_THROTTLE_LIMIT: '1000',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', discardStdout ? 'ignore' : 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Registers a new organization through the api and signs its admin in: the token and ids. */
export async function signUp(apiUrl, username, password = 'bench-password') {
  await json(`${apiUrl}/api/auth/register`, {
    method: 'POST',
    body: JSON.stringify({ username, password }),
  });
  const login = await json(`${apiUrl}/api/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ username, password }),
  });
  return {
    token: login.token,
    auth: { authorization: `Bearer ${login.token}` },
    organizationId: login.user.organization_id,
  };
}

/**
 * The benchmarks' tenant: 2,000 customers and 4,000 accounts (a third inactive) written with SQL
 * into the organization; the id of a customer in the middle, for the by-id requests.
 */
export async function seedTenant(databaseUrl, organizationId) {
  const pg = (await import('pg')).default;
  const seed = new pg.Client({ connectionString: databaseUrl });
  await seed.connect();
  try {
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
    return rows[0].id;
  } finally {
    await seed.end();
  }
}
