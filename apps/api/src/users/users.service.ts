import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PRIMARY, pgErrorCode } from '@app/database';
import bcrypt from 'bcrypt';
import type { DataSource } from 'typeorm';
import { UserDto } from '../auth/dto/auth.dto.js';
import { UsernameTaken } from '../common/domain-errors.js';
import type { CreateUserDto } from './dto/user.dto.js';

const COLUMNS = 'id::int AS id, username, role, organization_id::int AS organization_id';

/** Users of one organization (admins add members; registration creates the first admin). */
@Injectable()
export class UsersService {
  constructor(@InjectDataSource(PRIMARY) private readonly primary: DataSource) {}

  list(organizationId: number): Promise<UserDto[]> {
    return this.primary.query(`SELECT ${COLUMNS} FROM users WHERE organization_id = $1 ORDER BY id`, [organizationId]);
  }

  async create(organizationId: number, dto: CreateUserDto): Promise<UserDto> {
    const passwordHash = await bcrypt.hash(dto.password, 10);
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
}
