import { createSecretKey, type KeyObject } from 'node:crypto';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AllConfig } from '../config/index.js';
import type { AuthUser, JwtClaims } from './auth-user.js';
import { SessionsService } from './sessions.service.js';

export const INVALID_TOKEN = 'Invalid or expired token';
export const SESSION_ENDED =
  'Session ended (signed out, revoked or user removed): sign in again';

/**
 * The `jwt` passport strategy behind the global JwtAuthGuard. passport-jwt reads the Bearer token
 * and verifies signature, algorithm and expiry with jsonwebtoken; validate() then checks the claims'
 * shape and that the token's session (`sid`) is still live, and returns what becomes `request.user`.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: ConfigService<AllConfig, true>,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken tries (and fails) to parse it as a
      // public key on every verify, which cost a quarter of a request's CPU. passport-jwt hands it
      // to jsonwebtoken.verify unchanged, which takes a KeyObject; only @types/passport-jwt says
      // string | Buffer, hence the cast.
      secretOrKey: jwtKey(
        config.get('auth', { infer: true }).jwtSecret,
      ) as unknown as Buffer,
      // HS256 only: refuses `alg: none` and any algorithm confusion.
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /**
   * Session check: answered from SessionsService's per-process cache, so a busy session costs a
   * primary-key lookup every few seconds rather than one per request (SESSION_CHECK_TTL_MS bounds it).
   * A thrown UnauthorizedException reaches JwtAuthGuard.handleRequest as the error, message intact.
   */
  async validate(claims: JwtClaims): Promise<AuthUser> {
    const id = Number(claims.sub);
    if (
      !Number.isSafeInteger(id) ||
      !Number.isSafeInteger(claims.org) ||
      !Number.isSafeInteger(claims.sid)
    ) {
      throw new UnauthorizedException(INVALID_TOKEN);
    }
    if (!(await this.sessions.isActive(claims.org, claims.sid, id))) {
      throw new UnauthorizedException(SESSION_ENDED);
    }
    return {
      id,
      organizationId: claims.org,
      username: claims.username,
      role: claims.role,
      sessionId: claims.sid,
    };
  }
}

/**
 * The HS256 key as a KeyObject, for signing (AuthModule's JwtModule) and verifying (JwtStrategy):
 * built once at start-up, never per request.
 */
export function jwtKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}
