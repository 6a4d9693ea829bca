import { Check, Column, Entity, Index, Unique } from 'typeorm';
import { OrganizationIdColumn } from './organization.entity.js';
import { CreatedAtColumn, IdentityColumn } from './columns.js';

export type UserRole = 'admin' | 'member';

@Entity({ name: 'users' })
/** The target of sessions' tenant-local foreign key (organization_id, user_id). */
@Unique('users_organization_id_id_key', ['organizationId', 'id'])
@Check('users_role_check', `role IN ('admin', 'member')`)
@Index('users_organization_id_idx', ['organizationId'])
/** UNIQUE (lower(username)): usernames are global and case-insensitive; an expression index, which TypeORM cannot describe. */
@Index('users_username_key', { synchronize: false })
export class User {
  @IdentityColumn()
  id: number;

  @OrganizationIdColumn({ primary: false, table: 'users' })
  organizationId: number;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  /** Argon2id PHC string; bcrypt (`$2b$`) for users who have not signed in since Argon2id came. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: UserRole;

  @CreatedAtColumn()
  createdAt: Date;
}
