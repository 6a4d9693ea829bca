import { Body, Controller, Delete, Get } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiSignedIn, CurrentUser, Roles } from '../auth/auth.decorators.js';
import { UserDto } from '../auth/dto/auth.dto.js';
import {
  ErrorResponseDto,
  MessageResponseDto,
} from '../common/error-response.dto.js';
import { IdParam } from '../common/parse-id.pipe.js';
import { CreateRoute, deleted } from '../common/tenant-routes.js';
import { CurrentTenant, type Tenant } from '@app/database';
import { CreateUserDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiSignedIn('users')
@ApiForbiddenResponse({
  type: ErrorResponseDto,
  description: 'Only admins manage users',
})
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: "The organization's users (admins only)" })
  @ApiOkResponse({ type: [UserDto] })
  list(@CurrentTenant() tenant: Tenant): Promise<UserDto[]> {
    return this.users.list(tenant);
  }

  @CreateRoute({
    summary: 'Add a user to the organization (admins only)',
    type: UserDto,
  })
  @ApiConflictResponse({ type: ErrorResponseDto })
  create(
    @CurrentTenant() tenant: Tenant,
    @Body() dto: CreateUserDto,
  ): Promise<UserDto> {
    return this.users.create(tenant, dto);
  }

  @Delete(':id')
  @ApiOperation({
    summary:
      'Remove a user of the organization and revoke their sessions (admins only)',
  })
  @ApiOkResponse({
    type: MessageResponseDto,
    description: 'Deleted; their tokens no longer work',
  })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'id is not a positive integer',
  })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'No such user in your organization',
  })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'An admin cannot delete themself',
  })
  async remove(
    @CurrentTenant() tenant: Tenant,
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
  ): Promise<MessageResponseDto> {
    await this.users.remove(tenant, user.id, id);
    return deleted('User');
  }
}
