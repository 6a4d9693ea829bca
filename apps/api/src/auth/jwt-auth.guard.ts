import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { UserRole } from '@app/database';
import type { FastifyRequest } from 'fastify';
import {
  AccessTokens,
  bearerToken,
  INVALID_TOKEN,
  MISSING_TOKEN,
  SESSION_ENDED,
} from './access-tokens.js';
import type { AuthUser } from './auth-user.js';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';
import { SessionsService } from './sessions.service.js';

type AuthenticatedRequest = FastifyRequest & { user?: AuthUser };

interface RouteRules {
  isPublic: boolean;
  roles: UserRole[] | undefined;
}

/**
 * Global guard (APP_GUARD): every route needs `Authorization: Bearer <token>` unless marked
 * @Public(). The token must verify (AccessTokens: HS256, signature, expiry), carry well-formed
 * claims and belong to a live session (SessionsService's cache: a Map lookup, a primary-key read
 * every few seconds per session); its claims become `request.user`. Routes marked @Roles() also
 * check the caller's role (403 otherwise). Each refusal says why: no token, a token that fails
 * verification, an ended session.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionsService,
  ) {}

  /** Each route's rules, read from its metadata once: per controller class, then handler (an inherited handler serves several classes). */
  private readonly rules = new WeakMap<object, WeakMap<object, RouteRules>>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, roles } = this.rulesOf(context);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = await this.authenticate(request.headers.authorization);
    request.user = user;
    if (roles && !roles.includes(user.role))
      throw new ForbiddenException('Your role does not allow this action');
    return true;
  }

  private rulesOf(context: ExecutionContext): RouteRules {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byHandler = this.rules.get(controller);
    if (!byHandler) {
      byHandler = new WeakMap();
      this.rules.set(controller, byHandler);
    }
    let rules = byHandler.get(handler);
    if (!rules) {
      const targets = [handler, controller];
      rules = {
        isPublic:
          this.reflector.getAllAndOverride<boolean | undefined>(
            IS_PUBLIC,
            targets,
          ) === true,
        roles: this.reflector.getAllAndOverride<UserRole[] | undefined>(
          ROLES,
          targets,
        ),
      };
      byHandler.set(handler, rules);
    }
    return rules;
  }

  private async authenticate(header: string | undefined): Promise<AuthUser> {
    const token = bearerToken(header);
    if (token === undefined) throw new UnauthorizedException(MISSING_TOKEN);
    const claims = this.tokens.verify(token);
    const id = Number(claims?.sub);
    if (
      !claims ||
      !Number.isSafeInteger(id) ||
      !Number.isSafeInteger(claims.org) ||
      !Number.isSafeInteger(claims.sid) ||
      typeof claims.username !== 'string' ||
      typeof claims.role !== 'string'
    )
      throw new UnauthorizedException(INVALID_TOKEN);
    const { org, sid } = claims as Required<typeof claims>;
    if (!(await this.sessions.isActive(org, sid, id)))
      throw new UnauthorizedException(SESSION_ENDED);
    return {
      id,
      organizationId: org,
      username: claims.username,
      role: claims.role,
      sessionId: sid,
    };
  }
}
