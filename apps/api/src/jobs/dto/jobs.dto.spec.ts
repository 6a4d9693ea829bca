import { describe, expect, it } from '@jest/globals';
import { dayProblem } from './jobs.dto.js';

describe('dayProblem', () => {
  it('accepts a real past day and today', () => {
    expect(dayProblem('2026-11-24', '2026-11-25')).toBeUndefined();
    expect(dayProblem('2026-11-25', '2026-11-25')).toBeUndefined();
    expect(dayProblem('2024-02-29', '2026-11-25')).toBeUndefined();
  });

  it.each([
    ['2026-11-26', /future/],
    ['2026-02-30', /real calendar date/],
    ['2026-13-01', /real calendar date/],
    ['26-11-2025', /YYYY-MM-DD/],
    ['2026-11-25T00:00:00Z', /YYYY-MM-DD/],
    ['1999-12-31', /2000-01-01/],
  ])('rejects %s', (value, message) => {
    expect(dayProblem(value, '2026-11-25')).toMatch(message);
  });
});
