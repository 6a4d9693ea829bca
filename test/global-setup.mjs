// Starts the embedded leader + follower once per test run (unless TEST_DATABASE_URL is given) and
// hands the URLs to the test workers. Migrations run when each test app starts, under the same
// advisory lock as production start-ups.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedCluster } from '../scripts/embedded-cluster.mjs';

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) return;
  const cluster = await startEmbeddedCluster({ dataDir: mkdtempSync(join(tmpdir(), 'saas-test-pg-')), fsyncOff: true });
  globalThis.__TEST_CLUSTER__ = cluster;
  process.env.TEST_DATABASE_URL = cluster.leaderUrl;
  process.env.TEST_ANALYTICS_DB_URL = cluster.followerUrl;
}
