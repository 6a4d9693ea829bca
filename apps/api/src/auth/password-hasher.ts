import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import bcrypt from 'bcrypt';

/**
 * Argon2id with OWASP's first recommendation (m = 19 MiB, t = 2, p = 1). Measured here: about 8 ms
 * of one core per hash or verification, so a 2-core server signs in roughly 100-200 users per
 * second at most (bcrypt at cost 10 cost about 50 ms per sign-in, so this is cheaper and stronger);
 * each concurrent hash holds 19 MiB for its duration, and libuv's 4 threads bound that to ~76 MiB.
 */
export const ARGON2ID = {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- 2 is Algorithm.Argon2id; the const enum cannot be imported under isolatedModules
  algorithm: 2 as Algorithm, // Argon2id (a const enum in the typings, which isolated modules cannot read)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;
const CURRENT_PARAMS = `$argon2id$v=19$m=${ARGON2ID.memoryCost},t=${ARGON2ID.timeCost},p=${ARGON2ID.parallelism}$`;

export interface PasswordCheck {
  matches: boolean;
  /** The stored hash is bcrypt (or older Argon2 parameters): store `hash(password)` now that we know it. */
  needsRehash: boolean;
}

/**
 * Hashes passwords with Argon2id and verifies both Argon2id and the bcrypt hashes of users created
 * before it. bcrypt reads only the first 72 bytes of a password, so with it two passwords that share
 * those bytes both worked; Argon2id reads all of it. A bcrypt hash is replaced at the user's next
 * successful sign-in (the only time the password is known), see AuthService.login.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  /** Verified against when the username is unknown, so that both failures cost the same. */
  private dummyHash = '';

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash('not-a-real-password');
  }

  hash(password: string): Promise<string> {
    return hash(password, ARGON2ID);
  }

  /** Checks `password` against a stored hash, or against the dummy hash when there is no user. */
  async check(
    password: string,
    storedHash: string | undefined,
  ): Promise<PasswordCheck> {
    const stored = storedHash ?? this.dummyHash;
    if (stored.startsWith('$2')) {
      return {
        matches: await bcrypt.compare(password, stored),
        needsRehash: true,
      };
    }
    let matches = false;
    try {
      matches = await verify(stored, password);
    } catch {
      // A hash this code cannot parse matches nothing (it is not the caller's fault: 401, not 500).
    }
    return {
      matches: matches && storedHash !== undefined,
      needsRehash: !stored.startsWith(CURRENT_PARAMS),
    };
  }
}
