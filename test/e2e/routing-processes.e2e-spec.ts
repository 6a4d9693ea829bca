import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { JobView } from '@app/jobs';
import { ROOT } from '../deploy/deploy-support.js';
import { freePort, type Running, start, stop } from '../support/processes.js';
import { Http, signUp } from '../support/http.js';
import { LaggingCluster, readTotals } from '../support/lagging-cluster.js';
import { present } from '../support/present.js';
import { waitFor } from '../support/wait.js';

/**
 * Two api processes and one worker, as built (dist/, what the Procfile runs), sharing Redis and a
 * leader + two followers of their own. With replay paused on both followers, a write through one
 * api is seen by an analytics read through the other and by a job the worker runs: the positions
 * are shared in Redis, not in any one process.
 */
describe('read-your-writes across processes (two apis, one worker, Redis)', () => {
  let lagging: LaggingCluster;
  const processes: Running[] = [];
  let apiA: Http;
  let apiB: Http;
  let workerUrl: string;

  beforeAll(async () => {
    for (const bundle of ['dist/apps/api/main.js', 'dist/apps/worker/main.js'])
      if (!existsSync(`${ROOT}/${bundle}`))
        throw new Error(
          `${bundle} is missing: run npm run build (npm test does)`,
        );
    lagging = await LaggingCluster.start('routing-processes');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      NODE_ENV: 'test',
      DATABASE_URL: lagging.cluster.leaderUrl,
      ANALYTICS_DB_URL: lagging.analyticsUrl,
      REDIS_URL: present(process.env.TEST_REDIS_URL, 'TEST_REDIS_URL'),
      JOBS_PREFIX: `procs${randomUUID().slice(0, 8)}`,
      AGGREGATE_SCHEDULE: 'off',
      JWT_SECRET: randomUUID() + randomUUID(),
      AUTH_THROTTLE_LIMIT: '100000',
      REPLICA_STATUS_INTERVAL_MS: '50',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    const [portA, portB, workerPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    processes.push(
      start(process.execPath, ['dist/apps/api/main.js'], {
        cwd: ROOT,
        env: { ...env, PORT: String(portA) },
      }),
      start(process.execPath, ['dist/apps/api/main.js'], {
        cwd: ROOT,
        env: { ...env, PORT: String(portB) },
      }),
      start(process.execPath, ['dist/apps/worker/main.js'], {
        cwd: ROOT,
        env: { ...env, WORKER_PORT: String(workerPort) },
      }),
    );
    apiA = new Http(`http://127.0.0.1:${portA}`);
    apiB = new Http(`http://127.0.0.1:${portB}`);
    workerUrl = `http://127.0.0.1:${workerPort}`;
    for (const [index, http] of [apiA, apiB, new Http(workerUrl)].entries()) {
      await waitFor(
        `process ${index} to answer /health`,
        async () => {
          const exited = processes[index].child.exitCode;
          if (exited !== null)
            throw new Error(
              `process ${index} exited (${exited}):\n${processes[index].output()}`,
            );
          return (
            (await http.get('/health').catch(() => undefined))?.status === 200
          );
        },
        30_000,
      );
    }
  }, 90_000);

  afterAll(async () => {
    for (const running of processes) await stop(running);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed early
    await lagging?.resumeAll();
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed early
    await lagging?.stop();
  }, 60_000);

  it('a write through api A is in an analytics read through api B and in a job the worker runs', async () => {
    const { client } = await signUp(apiA, 'procs');
    const token = present(client.token, 'token');
    const onA = apiA.withToken(token);
    const onB = apiB.withToken(token);
    const customer = await onA.post<{ id: number }>('/api/customers', {
      name: 'Shared',
      email: `shared-${randomUUID().slice(0, 8)}@x.example`,
    });
    expect(customer.status).toBe(201);
    await waitFor(
      'a follower to serve api B',
      async () => (await readTotals(onB)).route.servedBy === 'follower',
    );

    await lagging.pause(0);
    await lagging.pause(1);
    try {
      const account = await onA.post('/api/accounts', {
        customer_id: customer.body.id,
        name: 'through A',
        status: 'active',
      });
      expect(account.status).toBe(201);

      const read = await readTotals(onB);
      expect(read.totalAccounts).toBe(1);
      expect(read.route).toEqual({
        servedBy: 'leader',
        replica: null,
        reason: 'stale-for-tenant',
      });

      const enqueued = await onB.post<{ job_id: string }>(
        '/api/jobs/aggregate',
        {},
      );
      expect(enqueued.status).toBe(202);
      let job: JobView | undefined;
      await waitFor(
        'the worker to finish the job',
        async () => {
          job = (await onA.get<JobView>(`/api/jobs/${enqueued.body.job_id}`))
            .body;
          return job.state === 'completed' || job.state === 'failed';
        },
        20_000,
      );
      expect(job).toMatchObject({
        state: 'completed',
        result: { total_accounts: 1 },
      });
      // The worker's own routing says where its read went.
      const metrics = (await new Http(workerUrl).get<string>('/metrics')).text;
      expect(metrics).toMatch(
        /^db_read_routes_total\{target="leader",reason="stale-for-tenant"\} [1-9]\d*$/m,
      );
    } finally {
      await lagging.resumeAll();
    }
  });
});
