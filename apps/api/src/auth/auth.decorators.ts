import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { UserRole } from '@app/database';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import type { AuthUser } from './auth-user.js';

export const IS_PUBLIC = 'isPublic';
export const ROLES = 'roles';

/** Opens a route to unauthenticated callers (every other route needs a Bearer token). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Restricts a route to the given roles; others get 403. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);

/** Swagger for a route that needs a signed-in caller: Bearer auth and the 401. */
export const ApiBearer = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ErrorResponseDto }),
  );

/** Swagger for a controller whose every route needs a signed-in caller: its tag, and ApiBearer. */
export const ApiSignedIn = (tag: string) =>
  applyDecorators(ApiTags(tag), ApiBearer());

/**
 * Limited per client address by the throttler (429 with Retry-After; AUTH_THROTTLE_LIMIT per
 * AUTH_THROTTLE_TTL_MS). `why` describes the route's 429 in Swagger.
 */
export const Throttled = (why = 'Rate limited; see Retry-After') =>
  applyDecorators(
    UseGuards(ThrottlerGuard),
    ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: why }),
  );

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser =>
    context.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
