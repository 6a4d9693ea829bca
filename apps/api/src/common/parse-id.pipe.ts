import { Injectable, Param, type PipeTransform } from '@nestjs/common';
import { JOB_ID_PATTERN } from '@app/jobs';
import { InvalidInputError } from '@app/common';

/** Canonical decimal: no sign, no leading zero, no spaces, no 0x/0b/0o, no exponent. */
const CANONICAL_ID = /^[1-9][0-9]{0,15}$/;

/**
 * Path ids are positive integers written in canonical decimal within 2^53; anything else
 * ("abc", "0", "-1", "1.5", "1e3", "0x10", "010", "+1", " 1") is a 400, never another row.
 * It must see the raw path text: the global AppValidationPipe passes path parameters through
 * untouched, and a value that is not a string (some other pipe converted it first, and "0x10"
 * would have become 16) is refused rather than trusted.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    if (
      typeof value !== 'string' ||
      !CANONICAL_ID.test(value) ||
      !Number.isSafeInteger(Number(value))
    ) {
      throw new InvalidInputError(
        'must be a positive integer in decimal (e.g. 42)',
        'id',
      );
    }
    return Number(value);
  }
}

/** The route's `:id` path parameter, parsed by ParseIdPipe. */
export const IdParam = () => Param('id', ParseIdPipe);

/** Job ids are the text the API handed out (`agg-12-2026-11-25-3f9c2a7b1d4e`): anything else is a 400. */
@Injectable()
export class ParseJobIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !JOB_ID_PATTERN.test(value)) {
      throw new InvalidInputError(
        'must be a job id (letters, digits, - and _, at most 64)',
        'id',
      );
    }
    return value;
  }
}
