import {
  Column,
  CreateDateColumn,
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
