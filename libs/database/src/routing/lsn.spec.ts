import { describe, expect, it } from '@jest/globals';
import {
  formatLsn,
  fromStoredLsn,
  maxLsn,
  parseLsn,
  storedLsn,
} from './lsn.js';

describe('WAL positions', () => {
  it.each([
    ['0/0', 0n],
    ['16/B374D848', 0x16b374d848n],
    ['FFFFFFFF/FFFFFFFF', 2n ** 64n - 1n],
  ])('reads %s as PostgreSQL prints it, and prints it back', (text, lsn) => {
    expect(parseLsn(text)).toBe(lsn);
    expect(formatLsn(lsn)).toBe(text);
  });

  it('reads NULL as null and refuses anything else', () => {
    expect(parseLsn(null)).toBeNull();
    expect(() => parseLsn('16-B3')).toThrow('not a WAL position');
    expect(() => fromStoredLsn('12')).toThrow('not a stored WAL position');
  });

  it('stores fixed-width text whose order is the order of the positions', () => {
    const positions = [0n, 9n, 10n, 0xffn, 0x100000000n, 0x16b374d848n];
    const stored = positions.map(storedLsn);
    expect([...stored].sort()).toEqual(stored);
    expect(stored.map(fromStoredLsn)).toEqual(positions);
    expect(fromStoredLsn(null)).toBe(0n);
    expect([maxLsn(3n, 5n), maxLsn(5n, 3n)]).toEqual([5n, 5n]);
  });
});
