// Starts the embedded leader + two followers once per test run (unless TEST_DATABASE_URL is given) and
// hands the URLs to the test workers. Migrations run when each test app starts, under the same
// advisory lock as production start-ups. The data lives in .data/test/shared: servers that a
// killed earlier run left there are stopped and the directory is wiped first (as
// test/support/fresh-data-dir.ts does inside Jest's module system).
// Redis: REDIS_URL (default redis://127.0.0.1:6379); when nothing answers there and a
// redis-server binary is installed, one is started for the run.
import { spawn, spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  startEmbeddedCluster,
  stopStrayServers,
} from '../scripts/load-embedded-cluster.mjs';

function redisAnswers(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) =>
      done(
        data.toString().startsWith('+PONG') ||
          data.toString().startsWith('-NOAUTH'),
      ),
    );
  });
}

async function ensureRedis() {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const host = url.hostname;
  const port = Number(url.port || 6379);
  process.env.TEST_REDIS_URL = url.toString();
  if (await redisAnswers(host, port)) return;
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      `No Redis answers at ${host}:${port} and no redis-server binary is installed (apt-get install redis-server)`,
    );
  }
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      host,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  );
  globalThis.__TEST_REDIS__ = child;
  for (let tries = 0; tries < 100; tries += 1) {
    if (await redisAnswers(host, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `redis-server started for the tests does not answer on ${host}:${port}`,
  );
}

export default async function globalSetup() {
  await ensureRedis();
  if (process.env.TEST_DATABASE_URL) return;
  const dataDir = join(
    dirname(fileURLToPath(import.meta.url)),
    '../.data/test/shared',
  );
  await stopStrayServers(dataDir);
  await rm(dataDir, { recursive: true, force: true });
  // Two followers, as the contract allows: every test app reads analytics through both.
  const cluster = await startEmbeddedCluster({
    dataDir,
    fsyncOff: true,
    followers: 2,
  });
  globalThis.__TEST_CLUSTER__ = cluster;
  process.env.TEST_DATABASE_URL = cluster.leaderUrl;
  process.env.TEST_ANALYTICS_DB_URL = cluster.followerUrls.join(',');
}
