import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { OrganizationIdColumn } from './organization.entity.js';
import { User } from './user.entity.js';
import {
  BigintColumn,
  CreatedAtColumn,
  IdentityColumn,
  TenantForeignKey,
} from './columns.js';

/**
 * A sign-in session: what an access token's `sid` claim names and what its refresh tokens belong
 * to. Revoked (revoked_at set) by logout, a password change, refresh token reuse; deleted with its user.
 */
@Entity({ name: 'sessions' })
@TenantForeignKey(() => User, 'userId', 'sessions_user_fkey')
@Index('sessions_organization_user_idx', ['organizationId', 'userId'])
export class Session {
  @OrganizationIdColumn({ primary: true, table: 'sessions' })
  organizationId: number;

  @IdentityColumn()
  id: number;

  @BigintColumn('user_id')
  userId: number;

  @CreatedAtColumn()
  createdAt: Date;

  @Column({ name: 'refreshed_at', type: 'timestamptz', nullable: true })
  refreshedAt: Date | null;

  /** Slides forward by REFRESH_TOKEN_TTL_SECONDS at every refresh. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({
    name: 'revoked_reason',
    type: 'varchar',
    length: 32,
    nullable: true,
  })
  revokedReason: string | null;
}

/** A refresh token, by its organization and the SHA-256 of its value; a spent one (used_at set) is kept to detect reuse. */
@Entity({ name: 'refresh_tokens' })
@TenantForeignKey(() => Session, 'sessionId', 'refresh_tokens_session_fkey')
@Index('refresh_tokens_session_idx', ['organizationId', 'sessionId'])
export class RefreshToken {
  @OrganizationIdColumn({ primary: true })
  organizationId: number;

  @PrimaryColumn({ name: 'token_hash', type: 'bytea' })
  tokenHash: Buffer;

  @BigintColumn('session_id')
  sessionId: number;

  @CreatedAtColumn()
  createdAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}

/** Failed sign-ins of one (lower-cased) username in the current window, when Redis is not configured. */
@Entity({ name: 'login_failures' })
export class LoginFailure {
  @PrimaryColumn({ name: 'username_key', type: 'varchar', length: 64 })
  usernameKey: string;

  @Column({ type: 'integer' })
  failures: number;

  @Column({ name: 'window_started_at', type: 'timestamptz' })
  windowStartedAt: Date;
}
