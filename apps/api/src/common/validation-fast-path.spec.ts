import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import { Expose, plainToInstance, Transform, Type } from 'class-transformer';
import { IsInt, IsString } from 'class-validator';
import fc from 'fast-check';
import {
  CreateAccountDto,
  CustomerAccountsQueryDto,
  ListAccountsQueryDto,
  UpdateAccountDto,
} from '../accounts/dto/account.dto.js';
import {
  GrowthQueryDto,
  HistoryQueryDto,
} from '../analytics/dto/analytics.dto.js';
import {
  ChangePasswordDto,
  LoginDto,
  RefreshDto,
  RegisterDto,
} from '../auth/dto/auth.dto.js';
import {
  CreateCustomerDto,
  ListCustomersQueryDto,
  UpdateCustomerDto,
} from '../customers/dto/customer.dto.js';
import { EnqueueAggregateDto, ListJobsQueryDto } from '../jobs/dto/jobs.dto.js';
import { CreateUserDto } from '../users/dto/user.dto.js';
import { createValidationPipe } from './validation.js';
import {
  copyPlan,
  copyToInstance,
  passesPlan,
  validationPlan,
} from './validation-fast-path.js';

type Dto = new () => object;

/** Every DTO a route takes as its body or query, with one value class-validator accepts. */
const DTOS: [Dto, 'body' | 'query', Record<string, unknown>][] = [
  [CreateCustomerDto, 'body', { name: 'Acme', email: 'a@acme.example' }],
  [UpdateCustomerDto, 'body', { name: 'Acme', email: ' A@Acme.Example ' }],
  [ListCustomersQueryDto, 'query', { limit: '50', sort: 'name', q: 'ac' }],
  [
    CreateAccountDto,
    'body',
    { customer_id: 1, name: 'Plan', status: 'active' },
  ],
  [UpdateAccountDto, 'body', { name: 'Plan', status: 'inactive' }],
  [ListAccountsQueryDto, 'query', { limit: '10', status: 'active' }],
  [CustomerAccountsQueryDto, 'query', { limit: '10' }],
  [GrowthQueryDto, 'query', { days: '30' }],
  [HistoryQueryDto, 'query', { days: '365' }],
  [RegisterDto, 'body', { username: 'ada', password: 'long-enough-1' }],
  [LoginDto, 'body', { username: 'ada', password: 'x' }],
  [RefreshDto, 'body', { refresh_token: 'a'.repeat(43) }],
  [
    ChangePasswordDto,
    'body',
    { current_password: 'old-password', new_password: 'new-password-1' },
  ],
  [EnqueueAggregateDto, 'body', { date: '2026-01-02' }],
  [ListJobsQueryDto, 'query', { limit: '5' }],
  [CreateUserDto, 'body', { username: 'bob', password: 'long-enough-1' }],
];

/** The global pipe's transform options. */
const OPTIONS = { enableImplicitConversion: false };

/** The global pipe's options with class-validator's full path only (Nest's own ValidationPipe). */
const fullPath = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
});

async function fullPathResult(
  value: Record<string, unknown>,
  metadata: ArgumentMetadata,
): Promise<{ ok: true; instance: unknown } | { ok: false }> {
  try {
    return { ok: true, instance: await fullPath.transform(value, metadata) };
  } catch {
    return { ok: false };
  }
}

/** Values of the kinds requests carry, near the DTOs' edges: lengths, numbers as text, e-mails, enums. */
const fieldValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ minLength: 250, maxLength: 330 }),
  fc.emailAddress(),
  fc.constantFrom(
    '',
    ' ',
    'a',
    'ac',
    'Acme',
    ' A@B.example ',
    'a@b',
    '1',
    '0',
    '50',
    '1000',
    '1001',
    '-1',
    '1e2',
    '0x10',
    ' 5',
    '5.5',
    'active',
    'inactive',
    'asc',
    'desc',
    'name',
    'email',
    'created_at',
    'admin',
    'member',
    '2026-01-02',
    '2026-02-30',
    '2999-01-01',
    'x'.repeat(43),
    'long-enough-1',
  ),
  fc.integer({ min: -2, max: 2_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), {
    maxKeys: 1,
  }),
);

describe('the validation fast path', () => {
  it.each(DTOS)(
    '%p: has a plan, and takes the common case itself',
    (dto, type, valid) => {
      const plan = validationPlan(dto);
      expect(plan).not.toBeNull();
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- checked just above
      expect(passesPlan(plan!, plainToInstance(dto, valid))).toBe(true);
      expect(type).toMatch(/body|query/);
    },
  );

  it.each(DTOS)(
    '%p: never accepts what class-validator refuses, and gives the same instance',
    async (dto, type, valid) => {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- every DTO has a plan (test above)
      const plan = validationPlan(dto)!;
      const copy = copyPlan(plan, dto, OPTIONS);
      expect(copy).not.toBeNull();
      if (!copy) return;
      const fields = [...plan.allowed, 'unknown_field'];
      const metadata: ArgumentMetadata = { type, metatype: dto, data: '' };
      let acceptedByBoth = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.constantFrom(...fields), fieldValue, {
            maxKeys: fields.length,
          }),
          fc.boolean(),
          async (generated, fromValid) => {
            const value = fromValid ? { ...valid, ...generated } : generated;
            const instance = plainToInstance(dto, value, OPTIONS);
            // For a flat value (the only kind the pipe copies), the copy builds the same
            // instance, or steps aside for a key the DTO does not declare.
            const flat = Object.values(value).every(
              (field) => field === null || typeof field !== 'object',
            );
            const copied = flat ? copyToInstance(copy, value) : undefined;
            if (!flat) expect(copied).toBeUndefined();
            else if (Object.keys(value).every((key) => plan.allowed.has(key)))
              expect(copied).toStrictEqual(instance);
            else expect(copied).toBeUndefined();
            if (!passesPlan(plan, instance)) return;
            const full = await fullPathResult(value, metadata);
            expect(full.ok).toBe(true);
            if (full.ok) expect(instance).toEqual(full.instance);
            acceptedByBoth += 1;
          },
        ),
        { numRuns: 400, seed: 20261126 },
      );
      await expect(fullPathResult(valid, metadata)).resolves.toMatchObject({
        ok: true,
      });
      expect(acceptedByBoth).toBeGreaterThan(0);
    },
  );

  it('is what the global pipe uses: an accepted body comes back as the DTO instance', async () => {
    const pipe = createValidationPipe();
    const metadata: ArgumentMetadata = {
      type: 'body',
      metatype: CreateCustomerDto,
      data: undefined,
    };
    const dto: unknown = await pipe.transform(
      { name: '  Acme ', email: ' A@Acme.Example ' },
      metadata,
    );
    expect(dto).toBeInstanceOf(CreateCustomerDto);
    expect(dto).toEqual({ name: 'Acme', email: 'a@acme.example' });
    await expect(
      pipe.transform({ name: 'Acme', email: 'nope', extra: 1 }, metadata),
    ).rejects.toMatchObject({
      details: [
        { field: 'extra', message: 'is not an allowed field' },
        { field: 'email', message: 'must be a valid e-mail address' },
      ],
    });
    // A nested value takes the full path, which strips `constructor` keys before copying (the fuzz
    // suite found a 500 when the fast path let class-transformer copy this).
    await expect(
      pipe.transform(
        {
          name: 'Acme',
          email: 'a@acme.example',
          '': { constructor: { constructor: '' } },
        },
        metadata,
      ),
    ).rejects.toMatchObject({
      details: [{ field: '', message: 'is not an allowed field' }],
    });
  });

  it('copies only what it copies exactly: a DTO with @Type, @Expose or grouped transforms, or other options, takes plainToInstance', () => {
    class Typed {
      @Type(() => Number)
      @IsInt()
      count: number;
    }
    class Renamed {
      @Expose({ name: 'full_name' })
      @IsString()
      name: string;
    }
    class Grouped {
      @Transform(({ value }: { value: unknown }) => value, { groups: ['a'] })
      @IsString()
      name: string;
    }
    class Plain {
      @Transform(({ value }: { value: unknown }) =>
        typeof value === 'string' ? value.trim() : value,
      )
      @IsString()
      name: string;
    }
    const planOf = (dto: Dto) => {
      const plan = validationPlan(dto);
      if (!plan) throw new Error(`no validation plan for ${dto.name}`);
      return plan;
    };
    for (const dto of [Typed, Renamed, Grouped])
      expect(copyPlan(planOf(dto), dto, OPTIONS)).toBeNull();
    const plain = planOf(Plain);
    expect(copyPlan(plain, Plain, { groups: ['a'] })).toBeNull();
    const copy = copyPlan(plain, Plain, OPTIONS);
    expect(copy).not.toBeNull();
    if (copy)
      expect(copyToInstance(copy, { name: ' Ada ' })).toStrictEqual(
        plainToInstance(Plain, { name: ' Ada ' }, OPTIONS),
      );
  });
});
