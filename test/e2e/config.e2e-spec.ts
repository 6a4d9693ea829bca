import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { baseTestEnv, type EnvOverrides } from '../support/test-app.js';
import { freePort, type Running, start } from '../support/processes.js';
import { redisTestEnv, spawnWorker, uniquePrefix } from '../support/redis.js';

const API = 'dist/apps/api/main.js';
const WORKER = 'dist/apps/worker/main.js';

/** The configuration block of a refused start: from "Invalid environment:" to the end. */
function refusal(output: string): string {
  const start = output.indexOf('Invalid environment:');
  return start === -1 ? '' : output.slice(start).trim();
}

/** The built api's `check` command (what npm start's launcher runs first). */
function spawnApiCheck(env: EnvOverrides): Running {
  return start(process.execPath, [API, 'check'], {
    env: { ...process.env, ...baseTestEnv(), ...env },
  });
}

/**
 * Exit code of a child that must stop by itself: a worker that logs it is ready instead (what
 * the worker did before it validated the database variables) fails the test at once.
 */
async function exitCode(running: Running): Promise<number | null> {
  const started = new Promise<'started'>((resolve) =>
    running.child.stdout?.on('data', () => {
      if (running.output().includes('worker ready')) resolve('started');
    }),
  );
  const outcome = await Promise.race([running.exited, started]);
  if (outcome === 'started') {
    running.child.kill('SIGKILL');
    await running.exited;
    throw new Error(
      `the process started instead of refusing its environment; it wrote:\n${running.output()}`,
    );
  }
  return outcome;
}

/**
 * The environment a worker needs to start (the test database, Redis, a free port) with `bad` on
 * top; the built worker must refuse it (exit code 1): answers that environment and the refusal.
 */
async function refusedByWorker(bad: Record<string, string>) {
  const env = {
    ...redisTestEnv(uniquePrefix('config')),
    WORKER_PORT: String(await freePort()),
    ...bad,
  };
  const worker = spawnWorker(env);
  expect(await exitCode(worker)).toBe(1);
  return { env, refusal: refusal(worker.output()) };
}

/**
 * The built processes (as the Procfile runs them) validate the one schema: the worker, which once
 * started with DB_POOL_MAX=lots and DB_ROUTING=magic, refuses them with the api's message. Everything
 * else in the environment is what a worker needs to start (the test database, Redis, a free port).
 */
describe('the environment, validated once by the api and the worker alike', () => {
  it('the built worker refuses DB_POOL_MAX=lots and DB_ROUTING=magic, with the message the api gives', async () => {
    for (const file of [API, WORKER])
      if (!existsSync(file))
        throw new Error(
          `${file} is missing: run \`nest build api\` and \`nest build worker\` (npm test does)`,
        );
    const { env, refusal: workerRefusal } = await refusedByWorker({
      DB_POOL_MAX: 'lots',
      DB_ROUTING: 'magic',
    });
    expect(workerRefusal.split('\n')).toEqual([
      'Invalid environment:',
      '  DB_ROUTING: DB_ROUTING must be one of the following values: explicit, replication',
      expect.stringMatching(/^ {2}DB_POOL_MAX: .*must be an integer number/),
    ]);

    const api = spawnApiCheck(env);
    expect(await exitCode(api)).toBe(1);
    expect(refusal(api.output())).toBe(workerRefusal);
  }, 60_000);

  it('the built worker names every bad variable, those only the api used to check as well', async () => {
    const { refusal: message } = await refusedByWorker({
      TRUST_PROXY: 'true',
      JWT_EXPIRES_IN: 'soon',
    });
    expect(
      [...message.matchAll(/^ {2}([A-Z_]+): /gm)]
        .map((match) => match[1])
        .sort(),
    ).toEqual(['JWT_EXPIRES_IN', 'TRUST_PROXY']);
  }, 60_000);
});
