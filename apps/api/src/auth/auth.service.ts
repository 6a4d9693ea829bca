import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DEMO_PASSWORD,
  DEMO_USERNAME,
  PRIMARY,
  pgErrorCode,
  Tenant,
  TenantDataSource,
  tenantSql,
  type UserRole,
} from '@app/database';
import type { DataSource } from 'typeorm';
import type { AllConfig } from '../config/index.js';
import {
  DemoLoginUnavailable,
  InvalidCredentialsError,
  InvalidInputError,
  UsernameTaken,
} from '@app/common';
import type { AuthUser, JwtClaims } from './auth-user.js';
import type {
  ChangePasswordDto,
  DemoLoginDto,
  LoginDto,
  LoginResponseDto,
  RegisterDto,
  TokenPairDto,
  UserDto,
} from './dto/auth.dto.js';
import { AccessTokens } from './access-tokens.js';
import { LoginFailureLimiter } from './login-failure-limiter.js';
import { PasswordHasher } from './password-hasher.js';
import { type SessionUser, SessionsService } from './sessions.service.js';

interface UserRow {
  id: string;
  organization_id: string;
  username: string;
  role: UserRole;
  password_hash: string;
}

/** Statements on the primary; all but the sign-in look-up go through the tenancy layer ($1: the organization). */
const SQL = {
  /**
   * Not a tenant statement: sign-in is where the organization is found. Usernames are unique
   * across organizations (users_username_key), so the row names its own organization.
   */
  findByUsername:
    'SELECT id, organization_id, username, role, password_hash FROM users WHERE lower(username) = lower($1)',
  findById: tenantSql(
    'SELECT id, organization_id, username, role, password_hash FROM users WHERE organization_id = $1 AND id = $2',
  ),
  /** Replaces a hash only if it is still the one that was verified (a concurrent password change wins). */
  rehash: tenantSql(
    'UPDATE users SET password_hash = $4 WHERE organization_id = $1 AND id = $2 AND password_hash = $3',
  ),
  setPassword: tenantSql(
    'UPDATE users SET password_hash = $3 WHERE organization_id = $1 AND id = $2',
  ),
} as const;

/**
 * How long an answer of GET /api/auth/demo-login is kept: checking it costs a user look-up and a
 * password verification, which a public page's every visit should not cost.
 */
export const DEMO_LOGIN_CACHE_MS = 60_000;

function toUserDto(row: Omit<UserRow, 'password_hash'> | SessionUser): UserDto {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
  return {
    id: Number(row.id),
    username: row.username,
    role: row.role,
    organization_id: Number(row.organization_id),
  };
}

@Injectable()
export class AuthService {
  /** The last answer of demoLogin() (null: none), kept DEMO_LOGIN_CACHE_MS; a failed check is not kept. */
  private demoLoginCache:
    { until: number; answer: Promise<DemoLoginDto | null> } | undefined;

  constructor(
    @InjectDataSource(PRIMARY) private readonly primary: DataSource,
    private readonly db: TenantDataSource,
    private readonly tokens: AccessTokens,
    private readonly config: ConfigService<AllConfig, true>,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly loginFailures: LoginFailureLimiter,
  ) {}

  /**
   * Creates an organization and its first user, an admin, in one transaction: on the primary
   * itself, since there is no tenant before it (the organization's id comes from its insert).
   */
  async register(dto: RegisterDto): Promise<UserDto> {
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      return await this.primary.transaction(async (manager) => {
        const [org] = await manager.query<[{ id: string }]>(
          'INSERT INTO organizations (name) VALUES ($1) RETURNING id',
          [dto.organization ?? dto.username],
        );
        const [user] = await manager.query<[Omit<UserRow, 'password_hash'>]>(
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

  /**
   * Password sign-in: refused early (429) when the username has too many recent failures; an
   * unknown username verifies against a dummy hash, so both failures answer the same in about the
   * same time. A bcrypt hash is upgraded to Argon2id here, the one moment the password is known.
   */
  async login(dto: LoginDto): Promise<LoginResponseDto> {
    const failures = await this.loginFailures.assertAllowed(dto.username);
    const row = (
      await this.primary.query<UserRow[]>(SQL.findByUsername, [dto.username])
    ).at(0);
    const check = await this.passwords.check(dto.password, row?.password_hash);
    if (!row || !check.matches) {
      await this.loginFailures.recordFailure(dto.username);
      throw new InvalidCredentialsError();
    }
    const user = toUserDto(row);
    const tenant = Tenant.of(user.organization_id);
    if (check.needsRehash) {
      await this.db.rows(tenant, SQL.rehash, [
        user.id,
        row.password_hash,
        await this.passwords.hash(dto.password),
      ]);
    }
    if (failures > 0) await this.loginFailures.clear(dto.username);

    const session = await this.sessions.create(tenant, user.id);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; the token pair plus the user is one
    return Object.assign(
      this.issue(user, session.sessionId, session.refreshToken),
      { user },
    );
  }

  /** A new token pair for a refresh token, which is spent (see SessionsService.rotate). */
  async refresh(refreshToken: string): Promise<TokenPairDto> {
    const {
      user,
      sessionId,
      refreshToken: next,
    } = await this.sessions.rotate(refreshToken);
    return this.issue(toUserDto(user), sessionId, next);
  }

  logout(caller: AuthUser): Promise<void> {
    return this.sessions.revoke(
      Tenant.of(caller.organizationId),
      caller.sessionId,
    );
  }

  /**
   * Changes the caller's password and signs out every other session (a stolen session must not
   * survive the owner's reaction to the theft). Wrong current passwords count as failed sign-ins.
   */
  async changePassword(
    caller: AuthUser,
    dto: ChangePasswordDto,
  ): Promise<void> {
    await this.loginFailures.assertAllowed(caller.username);
    const tenant = Tenant.of(caller.organizationId);
    const row = (
      await this.db.rows<UserRow>(tenant, SQL.findById, [caller.id])
    ).at(0);
    const check = await this.passwords.check(
      dto.current_password,
      row?.password_hash,
    );
    if (!row || !check.matches) {
      await this.loginFailures.recordFailure(caller.username);
      throw new InvalidInputError(
        'current_password: is not your current password',
        'current_password',
      );
    }
    const passwordHash = await this.passwords.hash(dto.new_password);
    const revoked = await this.db.transaction(tenant, async (manager) => {
      await this.db.rows(
        tenant,
        SQL.setPassword,
        [caller.id, passwordHash],
        manager,
      );
      return this.sessions.revokeOfUser(
        manager,
        tenant,
        caller.id,
        'password_changed',
        caller.sessionId,
      );
    });
    this.sessions.forget(tenant, revoked);
    // It may be the demo user's: demoLogin() checks again (on this process at once, on others
    // within DEMO_LOGIN_CACHE_MS).
    this.demoLoginCache = undefined;
  }

  /**
   * The demo organization's sign-in, for the sign-in page's hint: only while SEED_DATA is on and
   * the demo user exists and still has the demo password (once someone changed it, the hint would
   * be wrong and would tell anyone that the user exists). The answer is kept DEMO_LOGIN_CACHE_MS;
   * a password change through this process ends it at once.
   */
  async demoLogin(): Promise<DemoLoginDto> {
    const now = Date.now();
    if (!this.demoLoginCache || now >= this.demoLoginCache.until) {
      const answer = this.checkDemoLogin();
      const entry = { until: now + DEMO_LOGIN_CACHE_MS, answer };
      this.demoLoginCache = entry;
      answer.catch(() => {
        if (this.demoLoginCache === entry) this.demoLoginCache = undefined;
      });
    }
    const answer = await this.demoLoginCache.answer;
    if (!answer) throw new DemoLoginUnavailable();
    return answer;
  }

  private async checkDemoLogin(): Promise<DemoLoginDto | null> {
    if (!this.config.get('database.seed', { infer: true })) return null;
    const row = (
      await this.primary.query<UserRow[]>(SQL.findByUsername, [DEMO_USERNAME])
    ).at(0);
    if (!row) return null;
    const { matches } = await this.passwords.check(
      DEMO_PASSWORD,
      row.password_hash,
    );
    if (!matches) return null;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return { username: DEMO_USERNAME, password: DEMO_PASSWORD };
  }

  /** The current user, re-read so that a deleted user's token stops working here. */
  async me(userId: number, organizationId: number): Promise<UserDto> {
    const row = (
      await this.db.rows<UserRow>(Tenant.of(organizationId), SQL.findById, [
        userId,
      ])
    ).at(0);
    if (!row) throw new InvalidCredentialsError();
    return toUserDto(row);
  }

  private issue(
    user: UserDto,
    sessionId: number,
    refreshToken: string,
  ): TokenPairDto {
    const auth = this.config.get('auth', { infer: true });
    const claims: JwtClaims = {
      sub: String(user.id),
      org: user.organization_id,
      username: user.username,
      role: user.role as UserRole,
      sid: sessionId,
    };
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return {
      token: this.tokens.sign(claims),
      token_type: 'Bearer',
      expires_in: auth.jwtExpiresIn,
      refresh_token: refreshToken,
      refresh_expires_in: auth.refreshTokenTtlSeconds,
    };
  }
}
