import { describe, expect, it } from '@jest/globals';
import { IsEmail, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { ParseIdPipe } from './parse-id.pipe.js';
import {
  createValidationPipe,
  findUnstorableText,
  RequestValidationError,
  unstorableTextProblem,
} from './validation.js';

class SampleDto {
  @IsString()
  @Length(8, 128)
  password: string;

  @IsEmail({}, { message: 'must be a valid e-mail address' })
  email: string;

  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  customer_id: number;
}

const BODY = { type: 'body', metatype: SampleDto, data: undefined } as const;

async function problems(
  value: unknown,
  metadata: Parameters<
    ReturnType<typeof createValidationPipe>['transform']
  >[1] = BODY,
) {
  try {
    await createValidationPipe().transform(value, metadata);
  } catch (error) {
    if (error instanceof RequestValidationError)
      return { error: error.message, details: error.details };
    throw error;
  }
  return undefined;
}

describe('unstorable text', () => {
  it.each([
    ['a\u0000b', 'must not contain NUL characters'],
    ['\ud800', 'must be valid Unicode text (contains an unpaired surrogate)'],
    ['x\udc00', 'must be valid Unicode text (contains an unpaired surrogate)'],
    [
      '\udc00\ud800',
      'must be valid Unicode text (contains an unpaired surrogate)',
    ],
  ])('finds %j', (text, message) => {
    expect(unstorableTextProblem(text)).toBe(message);
  });

  it.each(['plain', '👍 a pair is fine', 'é', ''])(
    'lets %j through',
    (text) => {
      expect(unstorableTextProblem(text)).toBeUndefined();
    },
  );

  it('names the field path of every problem, in nested objects and arrays, and in property names', () => {
    expect(
      findUnstorableText({
        name: 'ok',
        tags: ['fine', 'b\u0000d'],
        nested: { deep: { 'k\u0000': 1, value: '\ud800' } },
      }),
    ).toEqual([
      { field: 'tags.1', message: 'must not contain NUL characters' },
      {
        field: 'nested.deep.k\ufffd',
        message: 'field name must not contain NUL characters',
      },
      {
        field: 'nested.deep.value',
        message: 'must be valid Unicode text (contains an unpaired surrogate)',
      },
    ]);
    expect(findUnstorableText('a\u0000', 'q')).toEqual([
      { field: 'q', message: 'must not contain NUL characters' },
    ]);
  });

  it('walks any depth without recursion and caps the number of problems', () => {
    let deep: unknown = 'x\u0000';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(findUnstorableText(deep)).toHaveLength(1);
    expect(
      findUnstorableText(Array.from({ length: 1000 }, () => '\u0000')),
    ).toHaveLength(20);
  });
});

describe('the global validation pipe', () => {
  it('answers unstorable text before any validator runs (isEmail throws URIError on a lone surrogate)', async () => {
    await expect(
      problems({
        password: 'long enough',
        email: 'a\ud800@x.example',
        customer_id: 1,
      }),
    ).resolves.toEqual({
      error:
        'email: must be valid Unicode text (contains an unpaired surrogate)',
      details: [
        {
          field: 'email',
          message:
            'must be valid Unicode text (contains an unpaired surrogate)',
        },
      ],
    });
  });

  it('words class-validator messages for people and names the first problem in `error`', async () => {
    await expect(
      problems({ password: 'short', email: 'nope', customer_id: 'one' }),
    ).resolves.toEqual({
      error: 'password: must be at least 8 characters',
      details: [
        { field: 'password', message: 'must be at least 8 characters' },
        { field: 'email', message: 'must be a valid e-mail address' },
        { field: 'customer_id', message: 'must be an integer' },
      ],
    });
    await expect(
      problems({
        password: 'long enough',
        email: 'a@x.example',
        customer_id: 1,
        extra: 1,
      }),
    ).resolves.toEqual({
      error: 'extra: is not an allowed field',
      details: [{ field: 'extra', message: 'is not an allowed field' }],
    });
    await expect(
      problems({ email: 'a@x.example', customer_id: 2 ** 53 }),
    ).resolves.toMatchObject({
      details: [
        { field: 'password', message: 'is required' },
        { field: 'customer_id', message: 'must be at most 9007199254740991' },
      ],
    });
  });

  it.each([5, 'text', [1, 2], true])(
    'answers a body that is not an object (%j) as such',
    async (body) => {
      await expect(problems(body)).resolves.toEqual({
        error: 'Request body must be a JSON object',
        details: [{ field: '', message: 'Request body must be a JSON object' }],
      });
    },
  );

  it('hands path parameters on as the raw text, so that ParseIdPipe sees "0x10" and not 16', async () => {
    const pipe = createValidationPipe();
    const raw: unknown = await pipe.transform('0x10', {
      type: 'param',
      metatype: Number,
      data: 'id',
    });
    expect(raw).toBe('0x10');
    expect(() => new ParseIdPipe().transform(raw)).toThrow(/positive integer/);
    expect(() => new ParseIdPipe().transform(16)).toThrow(/positive integer/);
    expect(new ParseIdPipe().transform('16')).toBe(16);
  });
});
