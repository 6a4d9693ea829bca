import { Check, Column, Entity, Index } from 'typeorm';
import { Customer } from './customer.entity.js';
import { OrganizationIdColumn } from './organization.entity.js';
import {
  BigintColumn,
  CreatedAtColumn,
  IdentityColumn,
  TenantForeignKey,
  UpdatedAtColumn,
} from './columns.js';

export const ACCOUNT_STATUSES = ['active', 'inactive'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** Keyed like `customers`: (organization_id, id), with a tenant-local foreign key to its customer. */
@Entity({ name: 'accounts' })
@TenantForeignKey(() => Customer, 'customerId', 'accounts_customer_fkey')
@Check('accounts_status_check', `status IN ('active', 'inactive')`)
/** (organization_id, customer_id, id DESC) and (organization_id, status, id DESC): the account lists' filters, newest first. */
@Index('accounts_organization_customer_idx', [
  'organizationId',
  'customerId',
  'id',
])
@Index('accounts_organization_status_idx', ['organizationId', 'status', 'id'])
export class Account {
  @OrganizationIdColumn({ primary: true })
  organizationId: number;

  @IdentityColumn()
  id: number;

  @BigintColumn('customer_id')
  customerId: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  status: AccountStatus;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
