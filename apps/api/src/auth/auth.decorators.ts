import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { UserRole } from '@app/database';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import type { AuthUser } from './auth-user.js';

export const IS_PUBLIC = 'isPublic';
export const ROLES = 'roles';

/** Opens a route to unauthenticated callers (every other route needs a Bearer token). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Restricts a route to the given roles; others get 403. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);

/** Swagger for a controller whose every route needs a signed-in caller: its tag, Bearer auth and the 401. */
export const ApiSignedIn = (tag: string) =>
  applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ErrorResponseDto }),
  );

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser =>
    context.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
