import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PRIMARY, pgErrorCode } from '@app/database';
import type { DataSource } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher.js';
import { SessionsService } from '../auth/sessions.service.js';
import { UserDto } from '../auth/dto/auth.dto.js';
import { CannotDeleteSelf, UsernameTaken, UserNotFound } from '@app/common';
import type { CreateUserDto } from './dto/user.dto.js';

const COLUMNS = 'id::int AS id, username, role, organization_id::int AS organization_id';

/** Users of one organization (admins add and remove members; registration creates the first admin). */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource(PRIMARY) private readonly primary: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionsService,
  ) {}

  list(organizationId: number): Promise<UserDto[]> {
    return this.primary.query(`SELECT ${COLUMNS} FROM users WHERE organization_id = $1 ORDER BY id`, [organizationId]);
  }

  async create(organizationId: number, dto: CreateUserDto): Promise<UserDto> {
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      const [user] = await this.primary.query(
        `INSERT INTO users (organization_id, username, password_hash, role) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [organizationId, dto.username, passwordHash, dto.role ?? 'member'],
      );
      return user;
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
  async remove(organizationId: number, callerId: number, userId: number): Promise<void> {
    if (userId === callerId) throw new CannotDeleteSelf();
    const revoked = await this.primary.transaction(async (manager) => {
      const sessionIds = await this.sessions.revokeAll(manager, organizationId, userId, 'user_deleted');
      const [, deleted] = await manager.query('DELETE FROM users WHERE id = $1 AND organization_id = $2', [userId, organizationId]);
      if (deleted === 0) throw new UserNotFound();
      return sessionIds;
    });
    this.sessions.forget(organizationId, revoked);
  }
}
