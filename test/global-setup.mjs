// Starts the embedded leader + follower once per test run (unless TEST_DATABASE_URL is given) and
// hands the URLs to the test workers. Migrations run when each test app starts, under the same
// advisory lock as production start-ups. The data lives in .data/test/shared: servers that a
// killed earlier run left there are stopped and the directory is wiped first (as
// test/support/fresh-data-dir.ts does inside Jest's module system).
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedCluster, stopStrayServers } from '../scripts/embedded-cluster.mjs';

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) return;
  const dataDir = join(dirname(fileURLToPath(import.meta.url)), '../.data/test/shared');
  await stopStrayServers(dataDir);
  await rm(dataDir, { recursive: true, force: true });
  const cluster = await startEmbeddedCluster({ dataDir, fsyncOff: true });
  globalThis.__TEST_CLUSTER__ = cluster;
  process.env.TEST_DATABASE_URL = cluster.leaderUrl;
  process.env.TEST_ANALYTICS_DB_URL = cluster.followerUrl;
}
