import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInputError } from '@app/common';
import { ReplyShape } from '../http/reply-shape.js';
import { unstorableTextProblem } from './validation.js';
import { DEFAULT_LIST_LIMIT, MAX_PAGE_SIZE } from './list-limits.js';

export { DEFAULT_LIST_LIMIT, MAX_PAGE_SIZE };

/** Swagger text for `limit`, shared by every list. */
export const LIMIT_DESCRIPTION = `Page size, 1-${MAX_PAGE_SIZE}; when absent, the server's LIST_DEFAULT_LIMIT (default ${DEFAULT_LIST_LIMIT})`;

/**
 * Query strings arrive as text: "50" becomes 50. Only canonical decimal converts ("050", "+5",
 * "5.0", "0x5", " 5" stay text and fail @IsInt); a number past 2^53 converts inexactly, so the
 * DTO's @Max refuses it rather than a statement meeting it.
 */
export const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^(0|-?[1-9][0-9]{0,20})$/.test(value)
    ? Number(value)
    : value;

/** The `limit` query parameter of every list. */
export const LimitQuery = () =>
  applyDecorators(
    ApiPropertyOptional({
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      description: LIMIT_DESCRIPTION,
    }),
    IsOptional(),
    Transform(toInteger),
    IsInt(),
    Min(1),
    Max(MAX_PAGE_SIZE),
  );

/**
 * The `cursor` query parameter of every list, at most `maxLength` characters (a cursor carries
 * the last row's sort key). The rules are listed in the order they run (applyDecorators applies
 * them first to last; a stack of @-decorators runs bottom-up): a cursor both too long and
 * malformed is reported as malformed.
 */
export const CursorQuery = (maxLength: number, description: string) =>
  applyDecorators(
    Matches(/^[A-Za-z0-9_-]+$/, { message: 'is not a valid cursor' }),
    MaxLength(maxLength),
    IsString(),
    IsOptional(),
    ApiPropertyOptional({ description }),
  );

const CURSOR_DESCRIPTION =
  'Opaque cursor from the Link: <...>; rel="next" response header';

export class PageQueryDto {
  @LimitQuery()
  limit?: number;

  @CursorQuery(200, CURSOR_DESCRIPTION)
  cursor?: string;
}

export type SortOrder = 'asc' | 'desc';

/**
 * Where a page ended, for keyset paging over (sort key, id): the sort and order the page belongs
 * to, the last row's sort key as text and its id. Every list pages this way, with one encoding.
 */
export interface KeysetCursor<S extends string = string> {
  sort: S;
  order: SortOrder;
  key: string;
  id: number;
}

const INVALID_CURSOR = 'is not a valid cursor; start again without it';

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(
    JSON.stringify({
      s: cursor.sort,
      o: cursor.order,
      k: cursor.key,
      id: cursor.id,
    }),
  ).toString('base64url');
}

/**
 * Reads a cursor made by encodeCursor for the same sort and order; anything else (tampered,
 * truncated, from another sort, or naming a key the statement could not use: `keyIsValid` says,
 * and text PostgreSQL cannot store never is) is a 400 rather than a silently wrong page or a
 * database error.
 */
export function decodeCursor<S extends string>(
  cursor: string | undefined,
  sort: S,
  order: SortOrder,
  keyIsValid: (key: string, id: number) => boolean = () => true,
): KeysetCursor<S> | undefined {
  if (cursor === undefined) return undefined;
  interface CursorFields {
    s?: unknown;
    o?: unknown;
    k?: unknown;
    id?: unknown;
  }
  let parsed: CursorFields | null = null;
  try {
    // JSON.parse may give any JSON value: the typeof check below guards the object shape.
    parsed = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as CursorFields | null;
  } catch {
    // fall through to the 400 below
  }
  const { s, o, k, id } =
    parsed !== null && typeof parsed === 'object' ? parsed : {};
  const valid =
    typeof s === 'string' &&
    typeof o === 'string' &&
    typeof k === 'string' &&
    k.length <= 1024 &&
    unstorableTextProblem(k) === undefined &&
    typeof id === 'number' &&
    Number.isSafeInteger(id) &&
    id > 0;
  if (!valid) throw new InvalidInputError(INVALID_CURSOR, 'cursor');
  if (s !== sort || o !== order)
    throw new InvalidInputError(
      'belongs to another sort order; start again without it',
      'cursor',
    );
  if (!keyIsValid(k, id)) throw new InvalidInputError(INVALID_CURSOR, 'cursor');
  return { sort, order, key: k, id };
}

/** One page of a list: answered as `items`, a plain JSON array, and `Link: <same query, next cursor>; rel="next"`. */
export class Page<T> extends ReplyShape {
  constructor(
    readonly items: T[],
    readonly nextCursor: string | undefined,
  ) {
    super();
  }

  toReply(request: FastifyRequest, reply: FastifyReply): T[] {
    if (this.nextCursor) {
      const url = new URL(request.url, 'http://placeholder');
      url.searchParams.set('cursor', this.nextCursor);
      reply.header('Link', `<${url.pathname}${url.search}>; rel="next"`);
    }
    return this.items;
  }

  /**
   * The one page builder: from `limit + 1` rows fetched in (sort key, id) order, keeps `limit`
   * and, when there were more, points the cursor at the last kept row (the next page starts
   * strictly after it, so no row repeats and none is skipped).
   */
  static of<R, T>(
    rows: R[],
    limit: number,
    toDto: (row: R) => T,
    cursorOf: (row: R) => KeysetCursor,
  ): Page<T> {
    const hasMore = rows.length > limit;
    const kept = hasMore ? rows.slice(0, limit) : rows;
    return new Page(
      kept.map(toDto),
      hasMore ? encodeCursor(cursorOf(kept[kept.length - 1])) : undefined,
    );
  }
}

/** Swagger text for the Link header of every list. */
export const LINK_HEADER = {
  Link: {
    description:
      'Next page: <...?cursor=...>; rel="next" (absent on the last page)',
    schema: { type: 'string' },
  },
};
