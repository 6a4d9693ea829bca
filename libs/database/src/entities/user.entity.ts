import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from './bigint.transformer.js';

export type UserRole = 'admin' | 'member';

@Entity({ name: 'users' })
export class User {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS', transformer: bigintToNumber })
  id: number;

  @Column({ name: 'organization_id', type: 'bigint', transformer: bigintToNumber })
  organizationId: number;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  /** Argon2id PHC string; bcrypt (`$2b$`) for users who have not signed in since Argon2id came. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: UserRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
