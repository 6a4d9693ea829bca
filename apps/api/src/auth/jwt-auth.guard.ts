import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { UserRole } from '@app/database';
import type { FastifyRequest } from 'fastify';
import type { AuthUser, JwtClaims } from './auth-user.js';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';
import { SessionsService } from './sessions.service.js';

/**
 * Global guard: every route needs `Authorization: Bearer <token>` unless marked @Public().
 * The token's signature, algorithm (HS256 only) and expiry are checked, and its session (`sid`)
 * must not be revoked: answered from a per-process cache, so a busy session costs a primary-key
 * lookup every few seconds rather than one per request (see SESSION_CHECK_TTL_MS for the bound).
 * Its claims become `request.user`. Routes marked @Roles() also check the caller's role (403 otherwise).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new UnauthorizedException('Missing bearer token');
    }
    let claims: JwtClaims;
    try {
      claims = await this.jwt.verifyAsync<JwtClaims>(token);
    } catch {
      throw new UnauthorizedException('Invalid or expired token');
    }
    const id = Number(claims.sub);
    if (!Number.isSafeInteger(id) || !Number.isSafeInteger(claims.org) || !Number.isSafeInteger(claims.sid)) {
      throw new UnauthorizedException('Invalid or expired token');
    }
    if (!(await this.sessions.isActive(claims.org, claims.sid, id))) {
      throw new UnauthorizedException('Session ended (signed out, revoked or user removed): sign in again');
    }
    request.user = { id, organizationId: claims.org, username: claims.username, role: claims.role, sessionId: claims.sid };

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(claims.role)) {
      throw new ForbiddenException('Your role does not allow this action');
    }
    return true;
  }
}
