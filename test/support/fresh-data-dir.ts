import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { stopStrayServers } from '../../scripts/embedded-cluster.js';

/**
 * A test's PostgreSQL data directory under .data/test/<name>: servers a killed earlier run left
 * there are stopped and the directory is wiped (test/global-setup.mjs does the same for the
 * shared cluster, outside Jest's module system).
 */
export async function freshDataDir(name: string): Promise<string> {
  const dir = join(__dirname, '../../.data/test', name);
  await stopStrayServers(dir);
  await rm(dir, { recursive: true, force: true });
  return dir;
}
