#!/usr/bin/env node
// `npm start`: build the API (and the admin portal) when missing or older than the sources, then run it.
// With no DATABASE_URL the API starts the embedded PostgreSQL leader + follower itself; it runs
// the job queues itself too (in-process without REDIS_URL, BullMQ workers with it).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isStale } from './freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist/apps/api/main.js');

// The same one loading of .env as the api and the worker (libs/database/src/env-file.ts): before
// anything here reads a variable; variables already set win over the file.
if (existsSync(resolve('.env'))) process.loadEnvFile(resolve('.env'));

const sources = ['apps', 'libs', 'package-lock.json', 'nest-cli.json', 'tsconfig.json'].map((path) => join(root, path));
if (isStale(bundle, sources)) {
  console.log('Building the API (nest build api)...');
  execFileSync(join(root, 'node_modules/.bin/nest'), ['build', 'api'], { cwd: root, stdio: 'inherit' });
}

// The admin portal (frontend/), served by the API at /: built when missing or older than its sources.
// openapi.gen.ts is rewritten from openapi.json by every portal build and test: not a source.
const portalIndex = join(root, 'frontend/dist/portal/browser/index.html');
const portalSources = ['frontend/src', 'frontend/openapi.json', 'frontend/angular.json', 'frontend/package-lock.json'].map((path) => join(root, path));
if (existsSync(join(root, 'frontend/node_modules')) && isStale(portalIndex, portalSources, (file) => file.endsWith('openapi.gen.ts'))) {
  console.log('Building the admin portal (npm run build:portal)...');
  execFileSync('npm', ['run', 'build:portal'], { cwd: root, stdio: 'inherit' });
}

// One command runs everything: with REDIS_URL the api also processes the queues (without it,
// it always runs jobs in-process). Set JOBS_WORKER_IN_API=false to leave that to `worker` processes.
process.env.JOBS_WORKER_IN_API ??= 'true';

await import(pathToFileURL(bundle).href);
