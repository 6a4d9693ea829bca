#!/usr/bin/env node
// `npm start`: build the API when the bundle is missing or older than the sources, then run it.
// With no DATABASE_URL the API starts the embedded PostgreSQL leader + follower itself.
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

await import(pathToFileURL(bundle).href);
