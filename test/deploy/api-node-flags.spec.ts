import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { API_NODE_FLAGS } from '../../scripts/api-node-flags.mjs';
import { dockerStages, execFormCmd, readRootFile } from './deploy-support.js';

const API = 'dist/apps/api/main.js';
const command = (entry: string) => ['node', ...API_NODE_FLAGS, entry].join(' ');

/**
 * The api's heap budget (scripts/api-node-flags.mjs) is passed by every command that starts the
 * api: the image, Heroku, npm start (which passes it on to the api it spawns, as the benchmarks
 * do, by importing the same list) and npm run start:prod.
 */
describe('the api node flags', () => {
  it('are on every start command of the api', () => {
    const procfile = readRootFile('Procfile');
    expect(procfile).toContain(`web: ${command(API)}\n`);
    expect(procfile).toContain(`release: ${command(API)} migrate`);
    const runtime = dockerStages().at(-1);
    expect(runtime && execFormCmd(runtime)?.join(' ')).toBe(command(API));
    const { scripts } = JSON.parse(readRootFile('package.json')) as {
      scripts: Record<string, string>;
    };
    expect(scripts['start:prod']).toBe(command(API));
    expect(scripts.start).toBe(command('scripts/start.mjs'));
    expect(readRootFile('scripts/start.mjs')).toContain(
      'spawn(process.execPath, [...API_NODE_FLAGS, bundle, ...args]',
    );
  });

  it('set the heap limits node runs with (a misspelt flag would stop node)', () => {
    const probe = (flags: readonly string[]) =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [
            ...flags,
            '-p',
            `JSON.stringify({ limit: require('node:v8').getHeapStatistics().heap_size_limit })`,
          ],
          { encoding: 'utf8' },
        ),
      ) as { limit: number };
    const MB = 1024 * 1024;
    const limited = probe(API_NODE_FLAGS);
    // The old generation's 384 MB plus the young generation's (3 x 4 MB): 396 MB.
    expect(limited.limit).toBeGreaterThanOrEqual(384 * MB);
    expect(limited.limit).toBeLessThan(400 * MB);
    expect(probe([]).limit).toBeGreaterThan(limited.limit);
  });
});
