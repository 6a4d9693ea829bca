import {
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { UserRole } from '@app/database';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from './auth-user.js';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';
import { INVALID_TOKEN } from './jwt.strategy.js';

/** passport-jwt's `info` when the request carries no `Authorization: Bearer <token>`. */
const NO_TOKEN = 'No auth token';

/**
 * Global guard (APP_GUARD): every route needs `Authorization: Bearer <token>` unless marked @Public().
 * Authentication is passport's `jwt` strategy (JwtStrategy: HS256 only, expiry, live session); its
 * claims become `request.user`. Routes marked @Roles() also check the caller's role (403 otherwise).
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets))
      return true;

    await super.canActivate(context);

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(
      ROLES,
      targets,
    );
    if (roles) {
      const { user } = context
        .switchToHttp()
        .getRequest<FastifyRequest & { user: AuthUser }>();
      if (!roles.includes(user.role))
        throw new ForbiddenException('Your role does not allow this action');
    }
    return true;
  }

  /**
   * Passport's default answer is a bare 401 "Unauthorized"; the contract's messages say why:
   * no token, a token that fails verification (passport-jwt's `info`: JsonWebTokenError,
   * TokenExpiredError, ...), or the strategy's own refusal (thrown from validate(), passed as `err`).
   */
  override handleRequest<TUser = AuthUser>(
    err: unknown,
    user: TUser | false,
    info: unknown,
  ): TUser {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows the strategy's own refusal unchanged (an HttpException from validate())
    if (err) throw err;
    if (user) return user;
    const missing = info instanceof Error && info.message === NO_TOKEN;
    throw new UnauthorizedException(
      missing ? 'Missing bearer token' : INVALID_TOKEN,
    );
  }
}
