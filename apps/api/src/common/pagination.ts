import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { InvalidInputError } from '@app/common';
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
  typeof value === 'string' && /^(0|-?[1-9][0-9]{0,20})$/.test(value) ? Number(value) : value;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, description: LIMIT_DESCRIPTION })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the Link: <...>; rel="next" response header' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'is not a valid cursor' })
  cursor?: string;
}

/** Rows are ordered newest first by id; the cursor carries the last id seen. */
export function encodeCursor(lastId: number): string {
  return Buffer.from(JSON.stringify({ id: lastId })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  try {
    const { id } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown };
    if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) return id;
  } catch {
    // fall through to the 400 below
  }
  throw new InvalidInputError('is not a valid cursor; start again without it', 'cursor');
}

/** One page of a list: the controller answers `items` as a plain array and the rest as a Link header. */
export class Page<T> {
  constructor(
    readonly items: T[],
    readonly nextCursor: string | undefined,
  ) {}

  /** Builds a page from `limit + 1` fetched rows. */
  static of<R extends { id: number }, T>(rows: R[], limit: number, toDto: (row: R) => T): Page<T> {
    const hasMore = rows.length > limit;
    const kept = hasMore ? rows.slice(0, limit) : rows;
    return new Page(kept.map(toDto), hasMore ? encodeCursor(kept[kept.length - 1].id) : undefined);
  }
}

/** Turns a returned Page into a JSON array plus `Link: <same query, next cursor>; rel="next"`. */
@Injectable()
export class PageInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof Page)) return result;
        if (result.nextCursor) {
          const http = context.switchToHttp();
          const request = http.getRequest<FastifyRequest>();
          const url = new URL(request.url, 'http://placeholder');
          url.searchParams.set('cursor', result.nextCursor);
          http.getResponse<FastifyReply>().header('Link', `<${url.pathname}${url.search}>; rel="next"`);
        }
        return result.items;
      }),
    );
  }
}
