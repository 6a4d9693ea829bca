import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Organization } from './organization.entity.js';
import { bigintToNumber } from './bigint.transformer.js';

/**
 * The primary key is (organization_id, id) so that the table can be distributed by tenant
 * (Citus requires the distribution column in every primary and unique key). `id` alone is
 * still unique: it comes from one identity sequence.
 */
@Entity({ name: 'customers' })
@Unique('customers_organization_email_key', ['organizationId', 'email'])
@Index('customers_organization_created_idx', [
  'organizationId',
  'createdAt',
  'id',
])
/** (organization_id, lower(name), id): an expression index, which TypeORM cannot describe; declared so the diff keeps it. */
@Index('customers_organization_name_idx', { synchronize: false })
export class Customer {
  @ForeignKey(() => Organization, {
    name: 'customers_organization_id_fkey',
    onDelete: 'CASCADE',
  })
  @PrimaryColumn({
    name: 'organization_id',
    type: 'bigint',
    transformer: bigintToNumber,
  })
  organizationId: number;

  @PrimaryColumn({
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'ALWAYS',
    transformer: bigintToNumber,
  })
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
