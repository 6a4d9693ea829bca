import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
} from '@jest/globals';
import { existsSync } from 'node:fs';
import { CRITICAL, todayUtc } from '@app/jobs';
import type { AnalyticsDto } from '../../apps/api/src/analytics/dto/analytics.dto.js';
import { Http, signUp } from '../support/http.js';
import { newAccount, newCustomer } from '../support/factories.js';
import { freePort, type Running } from '../support/processes.js';
import {
  addTestAggregate,
  redisTestEnv,
  removePrefix,
  spawnWorker,
  testQueue,
  uniquePrefix,
  waitForJobState,
} from '../support/redis.js';
import {
  EMPTY_AGGREGATE,
  SnapshotGate,
  storedSnapshots,
} from '../support/jobs.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';
import { stopAll } from '../support/stop-all.js';

/**
 * The built worker (dist/apps/worker/main.js, as the Procfile runs it) as a real process:
 * SIGKILLed mid-job, and stopped with SIGTERM mid-job.
 */
/** BullMQ types a job's id as optional; a job just added to the queue always has one. */
function idOf(job: { id?: string }): string {
  if (job.id === undefined) throw new Error('the queue gave the job no id');
  return job.id;
}

describe('the worker process', () => {
  const prefix = uniquePrefix('proc');
  // Fast stalled-job recovery, so a killed worker's job is picked up within a few seconds.
  const workerEnv = {
    ...redisTestEnv(prefix),
    JOBS_LOCK_DURATION_MS: '1500',
    JOBS_STALLED_INTERVAL_MS: '500',
    LOG_LEVEL: 'info',
  };
  const queue = testQueue(CRITICAL, prefix);
  let api: TestApp;
  let organizationId: number;
  const children: Running[] = [];

  async function startWorker(extraEnv: Record<string, string> = {}) {
    const port = await freePort();
    const child = spawnWorker({
      ...workerEnv,
      ...extraEnv,
      WORKER_PORT: String(port),
    });
    children.push(child);
    await waitFor(
      'the worker to be healthy',
      async () => {
        try {
          return (
            (await new Http(`http://127.0.0.1:${port}`).get('/health'))
              .status === 200
          );
        } catch {
          return false;
        }
      },
      20_000,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${child.output()}`);
    });
    return child;
  }

  beforeAll(async () => {
    if (!existsSync('dist/apps/worker/main.js'))
      throw new Error(
        'dist/apps/worker/main.js is missing: run `nest build worker` (npm test does)',
      );
    api = await startTestApp(redisTestEnv(prefix));
    const http = new Http(api.baseUrl);
    const signed = await signUp(http, 'proc');
    organizationId = signed.organizationId;
    const customer = await newCustomer(signed.client, 'K');
    await newAccount(signed.client, customer.id, 'k', 'active');
    await waitFor(
      'the follower to catch up',
      async () =>
        (await signed.client.get<AnalyticsDto>('/api/analytics')).body
          .total_accounts === 1,
    );
  }, 30_000);

  afterEach(async () => {
    for (const { child, exited } of children.splice(0)) {
      child.kill('SIGKILL');
      await exited;
    }
  });

  afterAll(async () => {
    await stopAll(api);
    await queue.close();
    await removePrefix(prefix);
  }, 30_000);

  /** A new worker (with `extraEnv`) running a job for `day`, held by `gate` at its upsert. */
  async function workerOnHeldJob(
    gate: SnapshotGate,
    day: string,
    extraEnv: Record<string, string> = {},
  ) {
    const worker = await startWorker(extraEnv);
    const job = await addTestAggregate(queue, {
      organization_id: organizationId,
      date: day,
    });
    await gate.blocked();
    return { worker, jobId: idOf(job) };
  }

  /** Waits until the worker logged `text` (LOG_LEVEL=info). */
  const logged = (worker: Running, text: string) =>
    waitFor(`the worker to log "${text}"`, () =>
      Promise.resolve(worker.output().includes(text)),
    );

  it('a job whose worker is killed mid-run is picked up and finished by a new worker', async () => {
    const day = '2026-06-01';
    const gate = await SnapshotGate.hold(organizationId, day);
    try {
      const { worker: first, jobId } = await workerOnHeldJob(gate, day);
      first.child.kill('SIGKILL');
      await first.exited;
      // Its statement outlives the process, blocked: cancel it, as the server would once it noticed.
      await gate.failAttempt();
      expect(await queue.getJobState(jobId)).toBe('active'); // nobody finished it

      await startWorker();
      await gate.blocked(20_000);
      await gate.release();
      const done = await waitForJobState(queue, jobId, 'completed', 20_000);
      expect(done.attemptsStarted).toBe(2);
      expect(done.stalledCounter).toBe(1);
    } finally {
      await gate.release();
    }
    // Created after 2026-06-01: nothing existed at the end of that day; the row is there once.
    await expect(storedSnapshots(organizationId, day)).resolves.toEqual([
      { day, ...EMPTY_AGGREGATE },
    ]);
  }, 45_000);

  it('SIGTERM finishes the running job before the worker exits', async () => {
    const day = todayUtc();
    const gate = await SnapshotGate.hold(organizationId, day);
    try {
      const { worker, jobId } = await workerOnHeldJob(gate, day);
      worker.child.kill('SIGTERM');
      // Released only once the worker is stopping: it must wait for the job, not drop it.
      await logged(worker, 'SIGTERM: finishing running jobs');
      await gate.release();
      await expect(worker.exited).resolves.toBe(0);
      // Finished by the stopping worker itself, not left for another one.
      expect(await queue.getJobState(jobId)).toBe('completed');
    } finally {
      await gate.release();
    }
    await expect(storedSnapshots(organizationId, day)).resolves.toEqual([
      {
        day,
        total_customers: 1,
        total_accounts: 1,
        active_accounts: 1,
        inactive_accounts: 0,
        avg_accounts_per_customer: 1,
      },
    ]);
  }, 30_000);

  it('SIGTERM past the grace period exits and leaves the job to another worker, which finishes it', async () => {
    const day = '2026-06-02';
    const gate = await SnapshotGate.hold(organizationId, day);
    try {
      const { worker: impatient, jobId } = await workerOnHeldJob(gate, day, {
        JOBS_SHUTDOWN_GRACE_MS: '300',
      });
      impatient.child.kill('SIGTERM');
      await logged(impatient, 'leaving them to stalled-job recovery');
      // The abandoned attempt's statement keeps its pool connection until the statement timeout
      // (5 s): the pools close after that, and the worker exits without having recorded anything.
      await expect(impatient.exited).resolves.toBe(0);
      expect(await queue.getJobState(jobId)).toBe('active'); // the gate never opened: it did not finish

      await startWorker();
      await gate.blocked(20_000);
      await gate.release();
      await waitForJobState(queue, jobId, 'completed', 20_000);
    } finally {
      await gate.release();
    }
    await expect(storedSnapshots(organizationId, day)).resolves.toEqual([
      { day, ...EMPTY_AGGREGATE },
    ]);
  }, 45_000);
});
