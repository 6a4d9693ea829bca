import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { NestFactory } from '@nestjs/core';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { parseEnv } from '@app/config';
import {
  AGGREGATE,
  type AggregatePayload,
  JOB_METRIC_NAMES,
  type QueueName,
} from '@app/jobs';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { register } from 'prom-client';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import {
  baseTestEnv,
  type EnvOverrides,
  running,
  type TestApp,
  withEnv,
} from './test-app.js';
import { freePort, type Running, start } from './processes.js';
import { waitFor } from './wait.js';

/** Redis of the test run: REDIS_URL, or the one test/global-setup.mjs started. */
export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A BullMQ key prefix of its own, so test files sharing one Redis never see each other's jobs. */
export function uniquePrefix(name: string): string {
  return `t-${name}-${randomUUID().slice(0, 8)}`;
}

/** Env of an api or worker on BullMQ: the test Redis, an own prefix, no schedule. */
export function redisTestEnv(
  prefix: string,
  redisUrl = testRedisUrl(),
): EnvOverrides {
  return {
    REDIS_URL: redisUrl,
    JOBS_PREFIX: prefix,
    AGGREGATE_SCHEDULE: 'off',
    JOBS_BACKOFF_MS: '100',
  };
}

/** Deletes every key under a test's prefix (queues, schedulers, the per-organization index). */
export async function removePrefix(
  prefix: string,
  redisUrl = testRedisUrl(),
): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${prefix}:*`,
        'COUNT',
        500,
      );
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** The worker app under test: its health and metrics server, like the api's. */
export type TestWorker = TestApp;

/** The worker app (same module as apps/worker/src/main.ts) inside the test process. */
export async function startTestWorker(
  overrides: EnvOverrides = {},
): Promise<TestWorker> {
  for (const name of JOB_METRIC_NAMES) register.removeSingleMetric(name);
  const app = await withEnv({ ...baseTestEnv(), ...overrides }, async () => {
    const created = await NestFactory.create<NestFastifyApplication>(
      WorkerModule.forRoot(parseEnv(process.env)),
      new FastifyAdapter(),
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest declares its options as a class but reads them as a plain object
      { logger: false, abortOnError: false },
    );
    await created.listen({ port: 0, host: '127.0.0.1' });
    return created;
  });
  return running(app);
}

/** A process running the built worker (dist/apps/worker/main.js), to be killed for real. */
export function spawnWorker(env: EnvOverrides): Running {
  return start(process.execPath, ['dist/apps/worker/main.js'], {
    env: { ...process.env, ...baseTestEnv(), LOG_LEVEL: 'info', ...env },
  });
}

/** A producer straight on BullMQ, for jobs the API does not offer (test knobs, other queues). */
export function testQueue(
  name: QueueName,
  prefix: string,
  redisUrl = testRedisUrl(),
): Queue {
  return new Queue(name, { connection: { url: redisUrl }, prefix });
}

export function addTestAggregate(
  queue: Queue,
  payload: AggregatePayload,
  jobId = `t-${randomUUID().slice(0, 12)}`,
): Promise<Job> {
  return queue.add(AGGREGATE, payload, {
    jobId,
    attempts: 3,
    backoff: { type: 'exponential', delay: 100 },
  });
}

export async function waitForJobState(
  queue: Queue,
  jobId: string,
  state: string,
  timeoutMs = 15_000,
): Promise<Job> {
  await waitFor(
    `job ${jobId} to be ${state}`,
    async () => (await queue.getJobState(jobId)) === state,
    timeoutMs,
  );
  const job = await queue.getJob(jobId);
  if (!job)
    throw new Error(`job ${jobId} is ${state} but no longer in the queue`);
  return job;
}

/** A redis-server of its own (never the shared one) that a test can stop and start again on the same port. */
export class OwnRedisServer {
  private running: Running | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedisServer> {
    const server = new OwnRedisServer(await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.running = start(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { env: process.env },
    );
    await waitFor('redis-server to answer', () => pingRedis(this.port), 10_000);
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    running.child.kill('SIGKILL');
    await running.exited;
  }
}

export function pingRedis(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => {
      done(false);
    });
    socket.on('error', () => {
      done(false);
    });
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      done(data.toString().startsWith('+PONG'));
    });
  });
}
