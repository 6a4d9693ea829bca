import { describe, expect, it } from '@jest/globals';
import {
  formatLsn,
  fromStoredLsn,
  maxLsn,
  parseLsn,
  storedLsn,
} from './lsn.js';

describe('WAL positions', () => {
  it('parses and prints PostgreSQL text', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('16/B374D848')).toBe(0x16b374d848n);
    expect(parseLsn('FFFFFFFF/FFFFFFFF')).toBe(2n ** 64n - 1n);
    expect(formatLsn(0x16b374d848n)).toBe('16/B374D848');
    expect(parseLsn(null)).toBeNull();
    expect(() => parseLsn('16-B3')).toThrow('not a WAL position');
  });

  it('stores fixed-width text whose order is the order of the positions', () => {
    const positions = [0n, 9n, 10n, 0xffn, 0x100000000n, 0x16b374d848n];
    const stored = positions.map(storedLsn);
    expect([...stored].sort()).toEqual(stored);
    expect(stored.map(fromStoredLsn)).toEqual(positions);
    expect(fromStoredLsn(null)).toBe(0n);
    expect(() => fromStoredLsn('12')).toThrow('not a stored WAL position');
    expect(maxLsn(3n, 5n)).toBe(5n);
    expect(maxLsn(5n, 3n)).toBe(5n);
  });
});
