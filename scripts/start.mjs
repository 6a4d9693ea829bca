#!/usr/bin/env node
// `npm start`: build the API when the bundle is missing or older than the sources, then run it.
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

// One command runs everything: with REDIS_URL the api also processes the queues (without it,
// it always runs jobs in-process). Set JOBS_WORKER_IN_API=false to leave that to `worker` processes.
process.env.JOBS_WORKER_IN_API ??= 'true';

await import(pathToFileURL(bundle).href);
