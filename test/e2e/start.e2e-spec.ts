import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { freshDataDir } from '../support/fresh-data-dir.js';
import { Http } from '../support/http.js';
import { waitFor } from '../support/wait.js';

const BUNDLE = join(__dirname, '../../dist/apps/api/main.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs the built API as `npm start` does, with only the variables given (no DATABASE_URL: embedded). */
function run(env: Record<string, string>): Started {
  let output = '';
  const child = spawn(process.execPath, [BUNDLE], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function healthy(http: Http): Promise<boolean> {
  try {
    return (await http.get('/health')).status === 200;
  } catch {
    return false;
  }
}

/** The one-command product: the built API with no database configured, as `npm start` runs it. */
describe('npm start (embedded leader + follower)', () => {
  let dataDir: string;
  let port: number;
  let http: Http;
  let current: Started | undefined;

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npm run build" (npm test does)`);
    dataDir = await freshDataDir('start');
    port = await freePort();
    http = new Http(`http://127.0.0.1:${port}`);
  });

  afterAll(async () => {
    current?.child.kill('SIGKILL');
    await freshDataDir('start');
  }, 30_000);

  const env = () => ({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' });

  it('starts a leader, a follower and the demo data, answers, and stops everything on SIGTERM', async () => {
    current = run(env());
    await waitFor('the API to answer /health', () => healthy(http), 60_000);

    const health = await http.get('/health');
    expect(health.body.details).toMatchObject({ database: { role: 'leader' }, analytics_db: { role: 'follower' } });
    const login = await http.post('/api/auth/login', { username: 'admin', password: 'admin123' });
    expect(login.status).toBe(200);
    const api = http.withToken(login.body.token);
    expect((await api.get('/api/customers')).body).toHaveLength(5);
    expect(current.output()).toContain('demo login: admin / admin123');

    // Each request is logged with its request id; no password, token or connection string is.
    const secretPassword = `pw-${Date.now()}-secret`;
    await http.post('/api/auth/register', { username: `log-${Date.now()}`, password: secretPassword }, { 'x-request-id': 'trace-register-1' });
    await api.get('/api/customers', { 'x-request-id': 'trace-list-1' });
    await waitFor('the request log lines', async () => current!.output().includes('"id":"trace-list-1"'));
    expect(current.output()).toContain('"id":"trace-register-1"');
    expect(current.output()).not.toContain(secretPassword);
    expect(current.output()).not.toContain(login.body.token);
    expect(current.output()).not.toMatch(/postgres(ql)?:\/\/[^\s"]*:[^\s"]*@/);

    // A request in progress when SIGTERM arrives is answered before the process exits: hold it
    // in the database behind a table lock, send SIGTERM, then release the lock.
    const leaderPort = /embedded leader on 127\.0\.0\.1:(\d+)/.exec(current.output())![1];
    const { password } = JSON.parse(readFileSync(join(dataDir, 'pg/credentials.json'), 'utf8'));
    const locker = new pg.Client({ host: '127.0.0.1', port: Number(leaderPort), user: 'postgres', password, database: 'app' });
    await locker.connect();
    await locker.query('BEGIN; LOCK TABLE customers IN ACCESS EXCLUSIVE MODE');
    const inFlight = api.get('/api/customers');
    await waitFor('the request to wait on the lock', async () => {
      const { rows } = await locker.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
      return rows[0].n > 0;
    });
    current.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await locker.query('ROLLBACK');
    await locker.end();
    expect((await inFlight).status).toBe(200);

    await expect(current.exited).resolves.toBe(0);
    expect(existsSync(join(dataDir, 'pg/leader/postmaster.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'pg/follower/postmaster.pid'))).toBe(false);
  }, 90_000);

  it('restarts warm on the same data, answering /health within 10 s, without seeding twice', async () => {
    const started = Date.now();
    current = run(env());
    await waitFor('the API to answer /health', () => healthy(http), 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);

    const login = await http.post('/api/auth/login', { username: 'admin', password: 'admin123' });
    expect((await http.withToken(login.body.token).get('/api/customers')).body).toHaveLength(5);

    current.child.kill('SIGTERM');
    await expect(current.exited).resolves.toBe(0);
  }, 60_000);

  it('refuses to start, naming the problem, on an ambiguous or unsafe configuration', async () => {
    const ambiguous = run({ ...env(), HEROKU_POSTGRESQL_RED_URL: 'postgres://a@127.0.0.1:1/a', HEROKU_POSTGRESQL_BLUE_URL: 'postgres://b@127.0.0.1:1/b' });
    await expect(ambiguous.exited).resolves.toBe(1);
    expect(ambiguous.output()).toMatch(/HEROKU_POSTGRESQL_BLUE_URL, HEROKU_POSTGRESQL_RED_URL/);

    const insecure = run({ ...env(), NODE_ENV: 'production', DATABASE_URL: 'postgres://a@127.0.0.1:1/a' });
    await expect(insecure.exited).resolves.toBe(1);
    expect(insecure.output()).toMatch(/JWT_SECRET/);
  }, 30_000);
});
