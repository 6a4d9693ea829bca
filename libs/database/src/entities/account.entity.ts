import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Customer } from './customer.entity.js';
import { bigintToNumber } from './bigint.transformer.js';

export const ACCOUNT_STATUSES = ['active', 'inactive'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** Keyed like `customers`: (organization_id, id), with a tenant-local foreign key to its customer. */
@Entity({ name: 'accounts' })
@ForeignKey(
  () => Customer,
  ['organizationId', 'customerId'],
  ['organizationId', 'id'],
  { name: 'accounts_customer_fkey', onDelete: 'CASCADE' },
)
@Check('accounts_status_check', `status IN ('active', 'inactive')`)
/** (organization_id, customer_id, id DESC) and (organization_id, status, id DESC): the account lists' filters, newest first. */
@Index('accounts_organization_customer_idx', [
  'organizationId',
  'customerId',
  'id',
])
@Index('accounts_organization_status_idx', ['organizationId', 'status', 'id'])
export class Account {
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

  @Column({ name: 'customer_id', type: 'bigint', transformer: bigintToNumber })
  customerId: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  status: AccountStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
