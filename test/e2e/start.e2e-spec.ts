import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import type { LoginResponseDto } from '../../apps/api/src/auth/dto/auth.dto.js';
import { freshDataDir } from '../support/fresh-data-dir.js';
import { Http } from '../support/http.js';
import { present } from '../support/present.js';
import { freePort, type Running, start } from '../support/processes.js';
import { waitFor } from '../support/wait.js';

const BUNDLE = join(__dirname, '../../dist/apps/api/main.js');
const LAUNCHER = join(__dirname, '../../scripts/start.mjs');

/** `npm start`: the launcher, with only the variables given (no DATABASE_URL: embedded). */
function run(env: Record<string, string>, cwd?: string): Running {
  return start(process.execPath, [LAUNCHER], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      ...env,
    },
  });
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
  let current: Running | undefined;

  beforeAll(async () => {
    if (!existsSync(BUNDLE))
      throw new Error(
        `${BUNDLE} is missing: run "npm run build" (npm test does)`,
      );
    dataDir = await freshDataDir('start');
    port = await freePort();
    http = new Http(`http://127.0.0.1:${port}`);
  });

  afterAll(async () => {
    current?.child.kill('SIGKILL');
    await freshDataDir('start');
  }, 30_000);

  const env = () => ({
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  });

  it('starts a leader, a follower and the demo data, answers, and stops everything on SIGTERM', async () => {
    const started = run(env());
    current = started;
    await waitFor('the API to answer /health', () => healthy(http), 60_000);

    const health = await http.get<{ details: unknown }>('/health');
    expect(health.body.details).toMatchObject({
      database: { role: 'leader' },
      analytics_db: { role: 'follower' },
    });
    const login = await http.post<LoginResponseDto>('/api/auth/login', {
      username: 'admin',
      password: 'admin123',
    });
    expect(login.status).toBe(200);
    const api = http.withToken(login.body.token);
    expect((await api.get('/api/customers')).body).toHaveLength(50);
    expect(current.output()).toContain('demo login: admin / admin123');

    // Each request is logged with its request id; no password, token or connection string is.
    const secretPassword = `pw-${Date.now()}-secret`;
    await http.post(
      '/api/auth/register',
      { username: `log-${Date.now()}`, password: secretPassword },
      { 'x-request-id': 'trace-register-1' },
    );
    // Probes and scrapes are not logged (they would flood the log); other requests are.
    await http.get('/health', { 'x-request-id': 'probe-health-1' });
    await http.get('/metrics', { 'x-request-id': 'probe-metrics-1' });
    await http.get('/health?verbose=1', { 'x-request-id': 'probe-health-2' });
    await api.get('/api/customers', { 'x-request-id': 'trace-list-1' });
    await waitFor('the request log lines', () =>
      Promise.resolve(started.output().includes('"id":"trace-list-1"')),
    );
    expect(current.output()).toContain('"id":"trace-register-1"');
    expect(current.output()).not.toContain('probe-health-1');
    expect(current.output()).not.toContain('probe-health-2');
    expect(current.output()).not.toContain('probe-metrics-1');
    expect(current.output()).not.toContain(secretPassword);
    expect(current.output()).not.toContain(login.body.token);
    expect(current.output()).not.toMatch(/postgres(ql)?:\/\/[^\s"]*:[^\s"]*@/);

    // A request in progress when SIGTERM arrives is answered before the process exits: hold it
    // in the database behind a table lock, send SIGTERM, then release the lock.
    const leaderPort = present(
      /embedded leader on 127\.0\.0\.1:(\d+)/.exec(current.output()),
      "the embedded leader's port in the output",
    )[1];
    const { password } = JSON.parse(
      readFileSync(join(dataDir, 'pg/credentials.json'), 'utf8'),
    ) as { password: string };
    const locker = new pg.Client({
      host: '127.0.0.1',
      port: Number(leaderPort),
      user: 'postgres',
      password,
      database: 'app',
    });
    await locker.connect();
    await locker.query('BEGIN; LOCK TABLE customers IN ACCESS EXCLUSIVE MODE');
    const inFlight = api.get('/api/customers');
    await waitFor('the request to wait on the lock', async () => {
      const { rows } = await locker.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
      );
      return rows[0].n > 0;
    });
    const sigtermAt = Date.now();
    current.child.kill('SIGTERM');
    // Release the lock only once the api has begun shutting down (its log line), so the request
    // is really in flight during the shutdown rather than answered before the signal arrived.
    await waitFor('the api to log "SIGTERM: shutting down"', () =>
      Promise.resolve(started.output().includes('SIGTERM: shutting down')),
    );
    await locker.query('ROLLBACK');
    await locker.end();
    expect((await inFlight).status).toBe(200);

    await expect(current.exited).resolves.toBe(0);
    // Inside Heroku's 30 s between SIGTERM and SIGKILL, although the client kept its connection
    // alive (the keep-alive timeout is 72 s).
    expect(Date.now() - sigtermAt).toBeLessThan(25_000);
    expect(existsSync(join(dataDir, 'pg/leader/postmaster.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'pg/follower/postmaster.pid'))).toBe(false);
  }, 90_000);

  it('restarts warm on the same data, answering /health within 10 s, without seeding twice', async () => {
    const started = Date.now();
    current = run(env());
    await waitFor('the API to answer /health', () => healthy(http), 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);

    const login = await http.post<LoginResponseDto>('/api/auth/login', {
      username: 'admin',
      password: 'admin123',
    });
    expect(
      (await http.withToken(login.body.token).get('/api/customers')).body,
    ).toHaveLength(50); // the demo seed's, once

    current.child.kill('SIGTERM');
    await expect(current.exited).resolves.toBe(0);
  }, 60_000);

  it('runs EMBEDDED_FOLLOWERS=2 followers, both streaming and reported on /health, and stops them all', async () => {
    current = run({ ...env(), EMBEDDED_FOLLOWERS: '2' });
    await waitFor('the API to answer /health', () => healthy(http), 60_000);
    const health = await http.get<{
      details: {
        analytics_db: { followers: { replica: string; status: string }[] };
      };
    }>('/health');
    expect(health.body.details.analytics_db.followers).toEqual([
      expect.objectContaining({ replica: '1', status: 'up' }),
      expect.objectContaining({ replica: '2', status: 'up' }),
    ]);
    expect(existsSync(join(dataDir, 'pg/follower-2/postmaster.pid'))).toBe(
      true,
    );
    current.child.kill('SIGTERM');
    await expect(current.exited).resolves.toBe(0);
    for (const server of ['leader', 'follower', 'follower-2'])
      expect(existsSync(join(dataDir, `pg/${server}/postmaster.pid`))).toBe(
        false,
      );
  }, 90_000);

  it('stops the embedded servers it started when start-up fails after them (port taken)', async () => {
    const blocker = createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const failed = run(env());
      await expect(failed.exited).resolves.toBe(1);
      expect(failed.output()).toContain('embedded leader on');
      expect(failed.output()).toMatch(
        /Start-up failed: .*EADDRINUSE|address already in use/,
      );
    } finally {
      blocker.close();
    }
    expect(existsSync(join(dataDir, 'pg/leader/postmaster.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'pg/follower/postmaster.pid'))).toBe(false);
  }, 60_000);

  it('validates the whole configuration before starting anything', async () => {
    const fresh = await freshDataDir('start-invalid');
    const invalid = run({
      ...env(),
      DATA_DIR: fresh,
      NODE_ENV: 'production',
      JWT_SECRET: 'short',
    });
    await expect(invalid.exited).resolves.toBe(1);
    expect(invalid.output()).toMatch(/JWT_SECRET: .*at least 32 characters/);
    expect(invalid.output()).not.toContain('embedded leader');
    expect(existsSync(join(fresh, 'pg'))).toBe(false);
  }, 30_000);

  it('names the variable, host and port (never the password) when the database cannot be reached', async () => {
    const closedPort = await freePort();
    const unreachable = run({
      ...env(),
      DATABASE_URL: `postgres://app:pw-sekrit-1@127.0.0.1:${closedPort}/app`,
    });
    await expect(unreachable.exited).resolves.toBe(1);
    const output = unreachable.output();
    expect(output).toContain(
      `Start-up failed: Cannot connect to the database at 127.0.0.1:${closedPort}/app (from DATABASE_URL): connection refused.`,
    );
    expect(output).toMatch(/Check that PostgreSQL is running there/);
    expect(output).not.toContain('pw-sekrit-1');
    expect(output).not.toMatch(/code: 'ECONNREFUSED'|\n\s+at /);

    const leader = new URL(
      present(process.env.TEST_DATABASE_URL, 'TEST_DATABASE_URL'),
    );
    leader.password = 'pw-sekrit-2';
    const wrongPassword = run({ ...env(), DATABASE_URL: leader.toString() });
    await expect(wrongPassword.exited).resolves.toBe(1);
    expect(wrongPassword.output()).toContain(
      `(from DATABASE_URL): password authentication failed. Check the user name and password in DATABASE_URL.`,
    );
    expect(wrongPassword.output()).not.toContain('pw-sekrit-2');
  }, 30_000);

  it('reads DATABASE_URL and the rest of the configuration from .env in the working directory', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'start-env-'));
    try {
      writeFileSync(
        join(cwd, '.env'),
        `# as copied from .env.example\nDATABASE_URL=${process.env.TEST_DATABASE_URL}\nSEED_DATA=false\nPORT=${port}\n`,
      );
      const { PORT: _ignored, ...rest } = env();
      current = run({ ...rest, DATA_DIR: join(cwd, '.data') }, cwd);
      await waitFor('the API to answer /health', () => healthy(http), 20_000);
      expect(current.output()).toMatch(
        /primary: 127\.0\.0\.1:\d+\/\w+ \(from DATABASE_URL/,
      );
      expect(current.output()).not.toContain('embedded');
      expect(existsSync(join(cwd, '.data/pg'))).toBe(false);
      current.child.kill('SIGTERM');
      await expect(current.exited).resolves.toBe(0);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 30_000);

  it('takes the api down with a launcher that is killed (no orphan holding the port)', async () => {
    current = run(env());
    await waitFor('the API to answer /health', () => healthy(http), 20_000);
    current.child.kill('SIGKILL');
    await waitFor(
      'the api to stop answering',
      async () => !(await healthy(http)),
      15_000,
    );
  }, 45_000);

  it('the built api alone never starts an embedded database: it asks for DATABASE_URL', async () => {
    const bundle = start(process.execPath, [BUNDLE], {
      env: { PATH: process.env.PATH ?? '', ...env() },
    });
    await expect(bundle.exited).resolves.toBe(1);
    expect(bundle.output()).toContain(
      'No database configured: set DATABASE_URL',
    );
  }, 30_000);

  it('refuses to start, naming the problem, on an ambiguous or unsafe configuration', async () => {
    const ambiguous = run({
      ...env(),
      HEROKU_POSTGRESQL_RED_URL: 'postgres://a@127.0.0.1:1/a',
      HEROKU_POSTGRESQL_BLUE_URL: 'postgres://b@127.0.0.1:1/b',
    });
    await expect(ambiguous.exited).resolves.toBe(1);
    expect(ambiguous.output()).toMatch(
      /HEROKU_POSTGRESQL_BLUE_URL, HEROKU_POSTGRESQL_RED_URL/,
    );

    const insecure = run({
      ...env(),
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://a@127.0.0.1:1/a',
    });
    await expect(insecure.exited).resolves.toBe(1);
    expect(insecure.output()).toMatch(/JWT_SECRET/);
  }, 30_000);
});
