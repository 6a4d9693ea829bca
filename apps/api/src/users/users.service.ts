import { Injectable } from '@nestjs/common';
import {
  pgErrorCode,
  User,
  type Tenant,
  TenantDataSource,
} from '@app/database';
import { PasswordHasher } from '../auth/password-hasher.js';
import { SessionsService } from '../auth/sessions.service.js';
import type { UserDto } from '../auth/dto/auth.dto.js';
import { CannotDeleteSelf, UsernameTaken, UserNotFound } from '@app/common';
import type { CreateUserDto } from './dto/user.dto.js';

function toUserDto(user: User): UserDto {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    organization_id: user.organizationId,
  };
}

/** Users of one organization (admins add and remove members; registration creates the first admin). */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: TenantDataSource,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionsService,
  ) {}

  async list(tenant: Tenant): Promise<UserDto[]> {
    const users = await this.db
      .repository(User)
      .find(tenant, { order: { id: 'ASC' } });
    return users.map(toUserDto);
  }

  async create(tenant: Tenant, dto: CreateUserDto): Promise<UserDto> {
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      return toUserDto(
        await this.db.repository(User).insert(tenant, {
          username: dto.username,
          passwordHash,
          role: dto.role ?? 'member',
        }),
      );
    } catch (error) {
      if (pgErrorCode(error) === '23505') throw new UsernameTaken();
      throw error;
    }
  }

  /**
   * Deletes a user of the organization and ends their sessions: their access tokens stop working
   * at once on this process and within SESSION_CHECK_TTL_MS on the others. Removing oneself is
   * refused, so an organization never loses its last admin by accident.
   */
  async remove(
    tenant: Tenant,
    callerId: number,
    userId: number,
  ): Promise<void> {
    if (userId === callerId) throw new CannotDeleteSelf();
    const revoked = await this.db.transaction(tenant, async (manager) => {
      const sessionIds = await this.sessions.revokeOfUser(
        manager,
        tenant,
        userId,
        'user_deleted',
      );
      if (
        (await this.db
          .repository(User, manager)
          .delete(tenant, { id: userId })) === 0
      )
        throw new UserNotFound();
      return sessionIds;
    });
    this.sessions.forget(tenant, revoked);
  }
}
