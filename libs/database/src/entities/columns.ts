import {
  Column,
  CreateDateColumn,
  ForeignKey,
  type ObjectType,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintToNumber } from './bigint.transformer.js';

/**
 * The columns that repeat from table to table, each described once. (organization_id, which also
 * names its foreign key, is OrganizationIdColumn beside the Organization entity.)
 */

/** `id`: a bigint identity (GENERATED ALWAYS, one sequence per table), read as a number. */
export const IdentityColumn = () =>
  PrimaryColumn({
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'ALWAYS',
    transformer: bigintToNumber,
  });

/** A bigint column (`customer_id`, `user_id`, ...), read as a number; `primary` makes it part of the key. */
export const BigintColumn = (name: string, { primary = false } = {}) =>
  (primary ? PrimaryColumn : Column)({
    name,
    type: 'bigint',
    transformer: bigintToNumber,
  });

/** `created_at`: set by the database (DEFAULT now()) when the row is inserted. */
export const CreatedAtColumn = () =>
  CreateDateColumn({ name: 'created_at', type: 'timestamptz' });

/** `updated_at`: set to now() by every update. */
export const UpdatedAtColumn = () =>
  UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' });

/**
 * A tenant-local foreign key, on the entity: (organization_id, `column`) references the parent's
 * (organization_id, id), ON DELETE CASCADE. A row can only point at a row of its own organization,
 * and both stay on one shard when the tables are distributed by organization_id.
 */
export const TenantForeignKey = <T>(
  parent: () => ObjectType<T>,
  column: string,
  name: string,
) =>
  ForeignKey(parent, ['organizationId', column], ['organizationId', 'id'], {
    name,
    onDelete: 'CASCADE',
  });
