import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@app/common';
import { decodeCursor, encodeCursor, Page } from './pagination.js';

describe('keyset cursor', () => {
  it('round-trips sort, order, key and id', () => {
    const cursor = {
      sort: 'name',
      order: 'asc',
      key: 'acme',
      id: 12345,
    } as const;
    expect(decodeCursor(encodeCursor(cursor), 'name', 'asc')).toEqual(cursor);
    expect(decodeCursor(undefined, 'name', 'asc')).toBeUndefined();
  });

  it.each([
    'garbage',
    Buffer.from('{"id":-1}').toString('base64url'),
    Buffer.from('{"s":"id","o":"desc","k":"1","id":"1"}').toString('base64url'),
    Buffer.from('{"s":"id","o":"desc","k":"a\\u0000","id":1}').toString(
      'base64url',
    ),
    Buffer.from(`{"s":"id","o":"desc","k":"1","id":${2 ** 53}}`).toString(
      'base64url',
    ),
  ])('rejects %s as a 400-class input error', (cursor) => {
    expect(() => decodeCursor(cursor, 'id', 'desc')).toThrow(InvalidInputError);
  });

  it('rejects a cursor of another sort or order, and a key the list says it cannot use', () => {
    const cursor = encodeCursor({ sort: 'id', order: 'desc', key: '7', id: 7 });
    expect(() => decodeCursor(cursor, 'id', 'asc')).toThrow(
      /another sort order/,
    );
    expect(() => decodeCursor(cursor, 'name', 'desc')).toThrow(
      /another sort order/,
    );
    expect(() => decodeCursor(cursor, 'id', 'desc', () => false)).toThrow(
      /not a valid cursor/,
    );
  });
});

describe('Page.of', () => {
  const rows = [{ id: 9 }, { id: 8 }, { id: 7 }];
  const cursorOf = (row: { id: number }) => ({
    sort: 'id',
    order: 'desc' as const,
    key: String(row.id),
    id: row.id,
  });

  it('keeps `limit` rows and points the cursor at the last kept one when there are more', () => {
    const page = Page.of(rows, 2, (row) => row.id, cursorOf);
    expect(page.items).toEqual([9, 8]);
    expect(decodeCursor(page.nextCursor, 'id', 'desc')).toEqual({
      sort: 'id',
      order: 'desc',
      key: '8',
      id: 8,
    });
  });

  it('has no cursor on the last page', () => {
    expect(
      Page.of(rows, 3, (row) => row.id, cursorOf).nextCursor,
    ).toBeUndefined();
  });
});
