import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { PRIMARY, pgErrorCode, type UserRole } from '@app/database';
import bcrypt from 'bcrypt';
import type { DataSource } from 'typeorm';
import type { AllConfig } from '../config/index.js';
import { InvalidCredentialsError, UsernameTaken } from '../common/domain-errors.js';
import type { JwtClaims } from './auth-user.js';
import type { LoginDto, LoginResponseDto, RegisterDto, UserDto } from './dto/auth.dto.js';

const BCRYPT_COST = 10;

interface UserRow {
  id: string;
  organization_id: string;
  username: string;
  role: UserRole;
  password_hash: string;
}

function toUserDto(row: UserRow): UserDto {
  return { id: Number(row.id), username: row.username, role: row.role, organization_id: Number(row.organization_id) };
}

@Injectable()
export class AuthService {
  /** Compared against when the username is unknown, so both failures take the same time. */
  private readonly dummyHash = bcrypt.hashSync('not-a-real-password', BCRYPT_COST);

  constructor(
    @InjectDataSource(PRIMARY) private readonly primary: DataSource,
    private readonly jwt: JwtService,
    private readonly config: ConfigService<AllConfig, true>,
  ) {}

  /** Creates an organization and its first user, an admin, in one transaction. */
  async register(dto: RegisterDto): Promise<UserDto> {
    const passwordHash = await bcrypt.hash(dto.password, BCRYPT_COST);
    try {
      return await this.primary.transaction(async (manager) => {
        const [org] = await manager.query('INSERT INTO organizations (name) VALUES ($1) RETURNING id', [
          dto.organization ?? dto.username,
        ]);
        const [user] = await manager.query(
          `INSERT INTO users (organization_id, username, password_hash, role) VALUES ($1, $2, $3, 'admin')
           RETURNING id, organization_id, username, role`,
          [org.id, dto.username, passwordHash],
        );
        return toUserDto(user);
      });
    } catch (error) {
      if (pgErrorCode(error) === '23505') throw new UsernameTaken();
      throw error;
    }
  }

  async login(dto: LoginDto): Promise<LoginResponseDto> {
    const [row] = (await this.primary.query(
      'SELECT id, organization_id, username, role, password_hash FROM users WHERE lower(username) = lower($1)',
      [dto.username],
    )) as UserRow[];
    const matches = await bcrypt.compare(dto.password, row?.password_hash ?? this.dummyHash);
    if (!row || !matches) throw new InvalidCredentialsError();

    const user = toUserDto(row);
    const claims: JwtClaims = { sub: String(user.id), org: user.organization_id, username: user.username, role: row.role };
    const expiresIn = this.config.get('auth.jwtExpiresIn', { infer: true });
    return { token: await this.jwt.signAsync(claims), token_type: 'Bearer', expires_in: expiresIn, user };
  }

  /** The current user, re-read so that a deleted user's token stops working here. */
  async me(userId: number, organizationId: number): Promise<UserDto> {
    const [row] = (await this.primary.query(
      'SELECT id, organization_id, username, role FROM users WHERE id = $1 AND organization_id = $2',
      [userId, organizationId],
    )) as UserRow[];
    if (!row) throw new InvalidCredentialsError();
    return toUserDto(row);
  }
}
