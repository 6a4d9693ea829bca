import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The one loading of `.env`: every entry point (npm start's launcher, the api, the worker, the
 * migrate command) calls this first, before anything reads the environment, so a DATABASE_URL in
 * `.env` is seen by the decision to start the embedded database as much as by the app.
 * Node's own parser; variables already set in the environment win over the file (as with
 * `node --env-file`). @nestjs/config is told not to read the file a second time.
 */
export function loadEnvFile(path = resolve('.env')): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
