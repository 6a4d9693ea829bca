#!/usr/bin/env node
// `npm start`: build the API (and the admin portal) when missing or older than the sources, then run it.
// With no DATABASE_URL the API starts the embedded PostgreSQL leader + follower itself; it runs
// the job queues itself too (in-process without REDIS_URL, BullMQ workers with it).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist/apps/api/main.js');

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

const sources = ['apps', 'libs', 'package-lock.json', 'nest-cli.json', 'tsconfig.json'].map((path) => join(root, path));
if (!existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(...sources.filter(existsSync).map(newestMtime))) {
  console.log('Building the API (nest build api)...');
  execFileSync(join(root, 'node_modules/.bin/nest'), ['build', 'api'], { cwd: root, stdio: 'inherit' });
}

// The admin portal (frontend/), served by the API at /: built when missing or older than its sources.
const portalIndex = join(root, 'frontend/dist/portal/browser/index.html');
const portalSources = ['frontend/openapi.json', 'frontend/angular.json', 'frontend/package-lock.json'].map((path) => join(root, path));
if (existsSync(join(root, 'frontend/src'))) {
  // openapi.gen.ts is rewritten from openapi.json by every portal build and test: not a source.
  const files = readdirSync(join(root, 'frontend/src'), { recursive: true }).filter((file) => !file.endsWith('openapi.gen.ts'));
  portalSources.push(...files.map((file) => join(root, 'frontend/src', file)));
}
if (existsSync(join(root, 'frontend/node_modules')) && (!existsSync(portalIndex) || statSync(portalIndex).mtimeMs < Math.max(...portalSources.filter(existsSync).map(newestMtime)))) {
  console.log('Building the admin portal (npm run build:portal)...');
  execFileSync('npm', ['run', 'build:portal'], { cwd: root, stdio: 'inherit' });
}

// One command runs everything: with REDIS_URL the api also processes the queues (without it,
// it always runs jobs in-process). Set JOBS_WORKER_IN_API=false to leave that to `worker` processes.
process.env.JOBS_WORKER_IN_API ??= 'true';

await import(pathToFileURL(bundle).href);
