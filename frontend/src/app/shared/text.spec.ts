import { capitalised, counted } from './text';

describe('text', () => {
  it('capitalises the first letter', () => {
    expect(capitalised('account')).toBe('Account');
  });

  it('counts with the noun singular for one only', () => {
    expect([0, 1, 2].map((count) => counted(count, 'account'))).toEqual([
      '0 accounts',
      '1 account',
      '2 accounts',
    ]);
  });
});
