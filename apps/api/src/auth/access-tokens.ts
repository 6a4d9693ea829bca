import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createSigner, createVerifier } from 'fast-jwt';
import type { AllConfig } from '../config/index.js';
import type { JwtClaims } from './auth-user.js';

export const MISSING_TOKEN = 'Missing bearer token';
export const INVALID_TOKEN = 'Invalid or expired token';
export const SESSION_ENDED =
  'Session ended (signed out, revoked or user removed): sign in again';

/** `Authorization: Bearer <token>`, the scheme in any case; anything else is no token. */
const BEARER = /^\s*bearer\s+(\S+)\s*$/i;

export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

/**
 * Verified tokens fast-jwt remembers (an LRU keyed by a SHA-256 of the token, each entry until the
 * token's `exp` at the latest): a token seen again costs a hash instead of decoding, an HMAC and
 * the claim checks (3.5 µs instead of 8.6 here). Revocation does not depend on it: the guard
 * checks the session after every verification.
 */
const VERIFIED_TOKENS_CACHED = 1000;

/**
 * The access tokens (JWT, HS256 only) with fast-jwt, the library behind @fastify/jwt: the signer
 * and the verifier are built once from JWT_SECRET. The verifier accepts HS256 alone (no
 * `alg: none`, no algorithm confusion), checks `exp` and `nbf`, and returns the claims; it throws
 * on anything else.
 */
@Injectable()
export class AccessTokens {
  private readonly signer: (claims: JwtClaims) => string;
  private readonly verifier: (token: string) => unknown;

  constructor(config: ConfigService<AllConfig, true>) {
    const { jwtSecret, jwtExpiresIn } = config.get('auth', { infer: true });
    const key = Buffer.from(jwtSecret, 'utf8');
    this.signer = createSigner({
      key,
      algorithm: 'HS256',
      expiresIn: jwtExpiresIn * 1000,
    });
    this.verifier = createVerifier({
      key,
      algorithms: ['HS256'],
      cache: VERIFIED_TOKENS_CACHED,
    });
  }

  sign(claims: JwtClaims): string {
    return this.signer(claims);
  }

  /** The claims of a valid token, or undefined (bad signature or algorithm, expired, malformed). */
  verify(token: string): Partial<JwtClaims> | undefined {
    try {
      const claims = this.verifier(token);
      return typeof claims === 'object' && claims !== null ? claims : undefined;
    } catch {
      return undefined;
    }
  }
}
