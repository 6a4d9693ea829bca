import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv as parseDotenv } from 'node:util';
import type { Env } from './database-url.js';

/**
 * The environment a process starts from: `.env` (when present) under the process's own
 * variables, which win (as with `node --env-file`). Every entry point (the api, its `check` and
 * `migrate` commands, the worker) reads it once and hands it to parseEnv; process.env itself is
 * left untouched, so nothing imported later can pick up a value the schema did not see.
 * Node's own parser; @nestjs/config is told not to read the file a second time.
 */
export function readEnvironment(
  path = resolve('.env'),
  env: Env = process.env,
): Env {
  const fromFile = existsSync(path)
    ? parseDotenv(readFileSync(path, 'utf8'))
    : {};
  return { ...fromFile, ...env };
}
