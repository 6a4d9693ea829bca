import { Column, Entity, ForeignKey } from 'typeorm';
import { BigintColumn, CreatedAtColumn, IdentityColumn } from './columns.js';

@Entity({ name: 'organizations' })
export class Organization {
  @IdentityColumn()
  id: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @CreatedAtColumn()
  createdAt: Date;
}

/**
 * `organization_id` of a tenant table: bigint, read as a number; `primary` for the first column of
 * the table's key (tenant tables are keyed (organization_id, ...) so that they can be distributed by
 * tenant). `table` adds the foreign key to organizations, `<table>_organization_id_fkey`, ON DELETE
 * CASCADE; a table that reaches its organization through another tenant-local key (accounts
 * through their customer) leaves it out.
 */
export const OrganizationIdColumn =
  ({ primary, table }: { primary: boolean; table?: string }) =>
  (target: object, property: string) => {
    BigintColumn('organization_id', { primary })(target, property);
    if (table)
      ForeignKey(() => Organization, {
        name: `${table}_organization_id_fkey`,
        onDelete: 'CASCADE',
      })(target, property);
  };
