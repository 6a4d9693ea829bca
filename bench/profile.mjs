#!/usr/bin/env node
// npm run bench:profile -- <get|list|post|analytics>: where the api's CPU goes under load. Starts
// the database (as npm run bench does) and the built api with the V8 sampling profiler preloaded
// (bench/lib/cpu-profiler.cjs), warms the endpoint up, profiles BENCH_DURATION seconds (default 10)
// of 16 connections, and prints the samples' shares: self time by package and by function,
// inclusive time by function. The .cpuprofile stays in a temporary directory (printed) for
// Chrome DevTools. A profile slows the api down: its req/s is not a benchmark figure.
import autocannon from 'autocannon';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  root,
  seedTenant,
  signUp,
  startApi,
  startDatabase,
  waitForHttp,
} from './lib/harness.mjs';
import { summarize } from './lib/profile-summary.mjs';

const endpoint = process.argv[2] ?? 'get';
const duration = Number(process.env.BENCH_DURATION ?? 10);
const profileDir = mkdtempSync(join(tmpdir(), 'saas-profile-'));

const load = (options, seconds) =>
  new Promise((resolve, reject) => {
    autocannon(
      { connections: 16, duration: seconds, ...options },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });

const database = await startDatabase();
const api = await startApi(
  database,
  {
    DB_POOL_MAX: '10',
    ANALYTICS_DB_POOL_MAX: '10',
    LOG_LEVEL: 'info',
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
    NODE_OPTIONS: `--require ${join(root, 'bench/lib/cpu-profiler.cjs')}`,
    PROFILE_DIR: profileDir,
  },
  { discardStdout: true },
);
try {
  await waitForHttp(`${api.url}/health`);
  const { auth, organizationId } = await signUp(api.url, `prof-${Date.now()}`);
  const customerId = await seedTenant(database.databaseUrl, organizationId);

  let counter = 0;
  const json = { ...auth, 'content-type': 'application/json' };
  const requests = {
    get: { url: `${api.url}/api/customers/${customerId}`, headers: auth },
    list: { url: `${api.url}/api/customers?limit=50`, headers: auth },
    post: {
      url: `${api.url}/api/customers`,
      method: 'POST',
      headers: json,
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({
              name: 'Profiled Customer',
              email: `p-${process.pid}-${(counter += 1)}@profile.example`,
            }),
          }),
        },
      ],
    },
    analytics: { url: `${api.url}/api/analytics`, headers: auth },
  }[endpoint];
  if (!requests)
    throw new Error(`No endpoint ${endpoint}: get, list, post or analytics`);

  await load(requests, 3);
  api.child.kill('SIGUSR2');
  const result = await load(requests, duration);
  api.child.kill('SIGUSR2');
  let file;
  while (!file) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  }
  const summary = summarize(
    JSON.parse(readFileSync(join(profileDir, file), 'utf8')),
  );
  const table = (title, entries) =>
    [`\n${title}\n`, '| share | where |', '|---:|---|']
      .concat(entries.map(({ share, name }) => `| ${share} % | ${name} |`))
      .join('\n');
  console.log(
    `${endpoint}: ${Math.round(result.requests.average)} req/s under the profiler, ${result.non2xx} non-2xx; ${summary.samples} samples; ${join(profileDir, file)}`,
  );
  console.log(table('Self time by package', summary.selfByPackage));
  console.log(table('Self time by function', summary.selfByFunction));
  console.log(table('Inclusive time by function', summary.inclusiveByFunction));
} finally {
  await api.stop();
  await database.stop();
}
