import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Outside production a missing JWT_SECRET is generated once and kept under the data directory,
 * so that tokens survive restarts; parseEnv already refused a missing one in production.
 * The only configuration value that touches the filesystem: read lazily (auth.jwtSecret's
 * getter), so that parsing (`main.js check`, the worker) never writes a file.
 */
export function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(48).toString('base64url');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, secret, { mode: 0o600 });
    new Logger('Auth').warn(
      `JWT_SECRET is not set: generated one in ${file} (set JWT_SECRET in production)`,
    );
    return secret;
  }
}
