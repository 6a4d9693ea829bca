import { Injectable, type PipeTransform } from '@nestjs/common';
import { InvalidInputError } from './domain-errors.js';

/** Path ids are positive integers; anything else ("abc", "0", "-1", "1.5", "1e3") is a 400. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw new InvalidInputError('id must be a positive integer', 'id');
    }
    return Number(value);
  }
}
