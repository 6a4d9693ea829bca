import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { isoTimestamp } from './statements.js';

/** What a row held before: pg's own parse into a Date, printed by toISOString. */
const viaDate = (text: string) =>
  new Date(
    (
      pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (
        t: string,
      ) => Date
    )(text),
  ).toISOString();

/** A deterministic spread of instants (a linear congruential walk), microseconds included. */
function* instants(count: number): Generator<string> {
  let seed = 12345;
  for (let index = 0; index < count; index += 1) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const ms = Date.UTC(1970, 0, 1) + (seed % 2 ** 31) * 1500;
    const micros = String(seed % 1000).padStart(3, '0');
    const base = new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
    yield `${base}${micros}+00`;
  }
}

describe('isoTimestamp', () => {
  it('prints what toISOString printed of the Date pg made, for every UTC form PostgreSQL writes', () => {
    const texts = [
      '2026-11-26 10:00:00+00',
      '2026-11-26 10:00:00.1+00',
      '2026-11-26 10:00:00.12+00',
      '2026-11-26 10:00:00.123+00',
      '2026-11-26 10:00:00.1239+00',
      '2026-11-26 10:00:00.999999+00',
      '2026-11-26 23:59:59.000001+00',
      '1000-01-01 00:00:00+00',
      '9999-12-31 23:59:59.999999+00',
      ...instants(5_000),
    ];
    for (const text of texts) expect(isoTimestamp(text)).toBe(viaDate(text));
  });

  it('goes through the Date for other zones, far years and BC, with the same result', () => {
    for (const text of [
      '2026-11-26 15:30:00.123456+05:30',
      '2026-11-26 02:00:00.5-08',
      '2026-03-29 01:30:00+01:00:30',
      '0099-06-01 12:00:00+00',
      '0999-06-01 12:00:00+00',
      '0001-01-01 00:00:00+00 BC',
    ])
      expect(isoTimestamp(text)).toBe(viaDate(text));
    expect(isoTimestamp('2026-11-26 15:30:00.123456+05:30')).toBe(
      '2026-11-26T10:00:00.123Z',
    );
  });

  it('refuses infinity as toISOString did', () => {
    expect(() => isoTimestamp('infinity')).toThrow(RangeError);
    expect(() => viaDate('infinity')).toThrow(RangeError);
  });
});
