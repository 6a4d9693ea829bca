import type { ValueTransformer } from 'typeorm';

/** pg returns BIGINT as a string; ids in this product stay well inside Number.MAX_SAFE_INTEGER. */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
