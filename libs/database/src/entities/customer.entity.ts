import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from './bigint.transformer.js';

/**
 * The primary key is (organization_id, id) so that the table can be distributed by tenant
 * (Citus requires the distribution column in every primary and unique key). `id` alone is
 * still unique: it comes from one identity sequence.
 */
@Entity({ name: 'customers' })
export class Customer {
  @PrimaryColumn({ name: 'organization_id', type: 'bigint', transformer: bigintToNumber })
  organizationId: number;

  @PrimaryColumn({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS', transformer: bigintToNumber })
  id: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 320 })
  email: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
