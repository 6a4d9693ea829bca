import { Column, Entity, Index, Unique } from 'typeorm';
import { OrganizationIdColumn } from './organization.entity.js';
import { CreatedAtColumn, IdentityColumn, UpdatedAtColumn } from './columns.js';

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
/** GIN (organization_id, name gin_trgm_ops, email gin_trgm_ops): the list's `q` search (migration 1764500000000); TypeORM cannot describe operator classes. */
@Index('customers_search_idx', { synchronize: false })
export class Customer {
  @OrganizationIdColumn({ primary: true, table: 'customers' })
  organizationId: number;

  @IdentityColumn()
  id: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 320 })
  email: string;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
