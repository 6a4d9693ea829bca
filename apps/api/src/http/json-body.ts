import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastify from 'fastify';

/** Deepest JSON nesting a request body may have: our DTOs need 2; 32 leaves room and stops recursion bombs. */
export const MAX_JSON_DEPTH = 32;
/**
 * Most array elements and object members a request body may hold, all levels together. Our DTOs
 * have a handful of fields. Validation costs 25-45 µs per unknown key and 10 µs per array element
 * on a busy 2-core machine: 1 MiB of `{"k1":1,"k2":1,...}` held the event loop for 6 s, and 1,000
 * keys for 45 ms. 256 keeps the worst body near 10 ms.
 */
export const MAX_JSON_VALUES = 256;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * Why the JSON text must not be parsed at all, or undefined. One pass over the bytes, before
 * anything is built: `[[[[...]]]]` of 1 MiB costs about a millisecond here, whereas parsing it and
 * then walking it recursively (class-transformer) overflowed the stack after ~0.7 s. Brackets,
 * braces and commas inside strings do not count (strings are skipped with a native search); `"`, `\`, brackets, braces and commas are ASCII
 * and so never part of a multi-byte UTF-8 sequence. Malformed JSON is left to the parser.
 */
export function jsonShapeProblem(body: Buffer): string | undefined {
  let depth = 0;
  let separators = 0;
  for (let index = 0; index < body.length; index += 1) {
    const byte = body[index];
    if (byte === QUOTE) {
      index = endOfString(body, index);
    } else if (byte === COMMA) {
      separators += 1;
      if (separators >= MAX_JSON_VALUES)
        return `JSON body has too many values (limit ${MAX_JSON_VALUES} array elements and object members)`;
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH)
        return `JSON is nested too deeply (limit ${MAX_JSON_DEPTH} levels)`;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth -= 1;
    }
  }
  return undefined;
}

/**
 * Index of the quote that closes the string opened at `start` (or the end of the body). The
 * search is Buffer#indexOf (memchr), so a 1 MiB string costs microseconds rather than a
 * byte-by-byte loop; a quote preceded by an odd number of backslashes is escaped.
 */
function endOfString(body: Buffer, start: number): number {
  let quote = start;
  for (;;) {
    quote = body.indexOf(QUOTE, quote + 1);
    if (quote === -1) return body.length;
    let backslashes = 0;
    while (body[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
  }
}

type Done = (error: Error | null, body?: unknown) => void;

/**
 * The application/json parser: Fastify's own (secure-json-parse, `__proto__` and `constructor`
 * poisoning rejected), behind two cheap gates. JSON deeper than {@link MAX_JSON_DEPTH} levels or
 * with more than {@link MAX_JSON_VALUES} values is a 400 before it is parsed. A body that is not a JSON object is a 400 right after parsing: every route
 * takes an object, and a top-level array of 100k elements would otherwise become 100k DTO
 * instances in the validation pipe.
 */
export function jsonBodyParser(fastify: FastifyInstance) {
  const { onProtoPoisoning, onConstructorPoisoning } =
    fastify.initialConfig as {
      onProtoPoisoning?: 'error' | 'remove' | 'ignore';
      onConstructorPoisoning?: 'error' | 'remove' | 'ignore';
    };
  const parseJson = fastify.getDefaultJsonParser(
    onProtoPoisoning ?? 'error',
    onConstructorPoisoning ?? 'error',
  );
  return (request: FastifyRequest, body: Buffer, done: Done): void => {
    const problem = jsonShapeProblem(body);
    if (problem) {
      done(new BadRequestException(problem));
      return;
    }
    void parseJson(
      request,
      body as unknown as string,
      (error: Error | null, parsed?: unknown) => {
        if (error) done(error);
        else if (
          parsed === null ||
          typeof parsed !== 'object' ||
          Array.isArray(parsed)
        )
          done(new BadRequestException('Request body must be a JSON object'));
        else done(null, parsed);
      },
    );
  };
}

/**
 * For the other body types Fastify or Nest would parse (form bodies, plain text): 415, as for any
 * type without a parser. The API speaks JSON only, and a 1 MiB form of 80,000 fields went through
 * validation unchecked, holding the event loop for 7 s.
 */
export function refuseBody(
  _request: FastifyRequest,
  _body: Buffer,
  done: Done,
): void {
  done(new fastify.errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE());
}
