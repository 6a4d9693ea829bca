import { nextCursor, nextLink } from './link-header';

describe('Link header', () => {
  it('finds the rel="next" target and its cursor', () => {
    const header = '</api/customers?limit=20&sort=name&cursor=eyJpZCI6OH0>; rel="next"';
    expect(nextLink(header)).toBe('/api/customers?limit=20&sort=name&cursor=eyJpZCI6OH0');
    expect(nextCursor(header)).toBe('eyJpZCI6OH0');
  });

  it('answers null on the last page or without rel="next"', () => {
    expect(nextCursor(null)).toBeNull();
    expect(nextLink('</api/customers?cursor=x>; rel="prev"')).toBeNull();
  });
});
