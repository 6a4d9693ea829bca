import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@app/common';
import { decodeCursor, encodeCursor, Page } from './pagination.js';

describe('cursor', () => {
  it('round-trips the last id', () => {
    expect(decodeCursor(encodeCursor(12345))).toBe(12345);
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it.each(['garbage', Buffer.from('{"id":-1}').toString('base64url'), Buffer.from('{"id":"1"}').toString('base64url')])(
    'rejects %s as a 400-class input error',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(InvalidInputError);
    },
  );
});

describe('Page.of', () => {
  const rows = [{ id: 9 }, { id: 8 }, { id: 7 }];

  it('keeps `limit` rows and points the cursor at the last kept one when there are more', () => {
    const page = Page.of(rows, 2, (row) => row.id);
    expect(page.items).toEqual([9, 8]);
    expect(decodeCursor(page.nextCursor)).toBe(8);
  });

  it('has no cursor on the last page', () => {
    expect(Page.of(rows, 3, (row) => row.id).nextCursor).toBeUndefined();
  });
});
