import { describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import { Tenant } from '@app/database';
import { strictMock } from '../../../../test/support/strict-mock.js';
import { CustomerNotFound, EmailTaken } from '@app/common';
import type { AllConfig } from '../config/index.js';

const ORG = Tenant.of(1);
import {
  decodeCustomerCursor,
  encodeCustomerCursor,
} from './customer-cursor.js';
import type {
  CustomerRecord,
  CustomersRepository,
} from './customers.repository.js';
import { CustomersService } from './customers.service.js';
import {
  CreateCustomerDto,
  ListCustomersQueryDto,
  UpdateCustomerDto,
} from './dto/customer.dto.js';

/** LIST_DEFAULT_LIMIT as the configuration reads it. */
const LIST_DEFAULT_LIMIT = 1000;

function setup() {
  const customers = strictMock<CustomersRepository>('CustomersRepository');
  const config = {
    get: (key: string) =>
      key === 'app.listDefaultLimit' ? LIST_DEFAULT_LIMIT : undefined,
  } as unknown as ConfigService<AllConfig, true>;
  return {
    sut: new CustomersService(
      customers as unknown as CustomersRepository,
      config,
    ),
    mocks: { customers },
  };
}

function customer(id: number): CustomerRecord {
  const at = '2026-11-25T10:00:00.000Z';
  return {
    id,
    organizationId: 1,
    name: `C${id}`,
    email: `c${id}@x.example`,
    createdAt: at,
    updatedAt: at,
  };
}

/** The DTOs as class instances, the way the validation pipe hands them to the service. */
function listQuery(
  fields: Partial<ListCustomersQueryDto> = {},
): ListCustomersQueryDto {
  return Object.assign(new ListCustomersQueryDto(), fields);
}
function createBody(fields: {
  name: string;
  email: string;
}): CreateCustomerDto {
  return Object.assign(new CreateCustomerDto(), fields);
}
function updateBody(fields: {
  name: string;
  email: string;
}): UpdateCustomerDto {
  return Object.assign(new UpdateCustomerDto(), fields);
}

const uniqueViolation = Object.assign(new Error('duplicate key'), {
  driverError: { code: '23505' },
});

describe('CustomersService', () => {
  it('maps the entity to the snake_case response', async () => {
    const { sut, mocks } = setup();
    mocks.customers.findById.mockResolvedValueOnce(customer(5));
    await expect(sut.get(ORG, 5)).resolves.toEqual({
      id: 5,
      name: 'C5',
      email: 'c5@x.example',
      created_at: '2026-11-25T10:00:00.000Z',
      updated_at: '2026-11-25T10:00:00.000Z',
    });
    expect(mocks.customers.findById).toHaveBeenCalledWith(ORG, 5);
  });

  it('throws CustomerNotFound for a missing (or foreign) id', async () => {
    const { sut, mocks } = setup();
    mocks.customers.findById.mockResolvedValueOnce(undefined);
    await expect(sut.get(ORG, 99)).rejects.toBeInstanceOf(CustomerNotFound);
  });

  it('asks for one row more than the page and returns a cursor with the last sort key and id when it comes back', async () => {
    const { sut, mocks } = setup();
    const row = (id: number) => ({ customer: customer(id), sortKey: `c${id}` });
    mocks.customers.list.mockResolvedValueOnce([row(9), row(8), row(7)]);
    const cursor = encodeCustomerCursor({
      sort: 'name',
      order: 'desc',
      key: 'c10',
      id: 10,
    });
    const page = await sut.list(
      ORG,
      listQuery({
        limit: 2,
        cursor,
        sort: 'name',
        order: 'desc',
      }),
    );
    expect(mocks.customers.list).toHaveBeenCalledWith(ORG, {
      sort: 'name',
      order: 'desc',
      after: { key: 'c10', id: 10 },
      q: undefined,
      take: 3,
    });
    expect(page.items.map((item) => item.id)).toEqual([9, 8]);
    expect(decodeCustomerCursor(page.nextCursor, 'name', 'desc')).toEqual({
      sort: 'name',
      order: 'desc',
      key: 'c8',
      id: 8,
    });
  });

  it('defaults to created_at desc, and to ascending order for name and email', async () => {
    const { sut, mocks } = setup();
    mocks.customers.list.mockResolvedValue([]);
    await expect(sut.list(ORG, listQuery())).resolves.toMatchObject({
      items: [],
      nextCursor: undefined,
    });
    await sut.list(ORG, listQuery({ sort: 'email' }));
    expect(
      mocks.customers.list.mock.calls.map(([, options]) => options.take),
    ).toEqual([LIST_DEFAULT_LIMIT + 1, LIST_DEFAULT_LIMIT + 1]);
    expect(
      mocks.customers.list.mock.calls.map(([, options]) => [
        options.sort,
        options.order,
      ]),
    ).toEqual([
      ['created_at', 'desc'],
      ['email', 'asc'],
    ]);
  });

  it.each([
    ['made for another sort order', 'name', 'asc', 'a', /another sort order/],
    ['with a tampered key', 'created_at', 'desc', 'yesterday', /not a valid/],
  ] as const)(
    'rejects a cursor %s (the default list is created_at desc)',
    async (_what, sort, order, key, error) => {
      const { sut } = setup();
      const cursor = encodeCustomerCursor({ sort, order, key, id: 1 });
      await expect(sut.list(ORG, listQuery({ cursor }))).rejects.toThrow(error);
    },
  );

  it.each([
    [
      'a created_at key beyond what the statement computes exactly (2^53 microseconds)',
      'created_at',
      '9007199254740992',
    ],
    [
      'the largest bigint as a created_at key',
      'created_at',
      '9223372036854775807',
    ],
    ['a created_at key with a leading zero', 'created_at', '0123'],
    ['a name key with a NUL', 'name', 'a\u0000b'],
    ['a name key with an unpaired surrogate', 'name', 'a\ud800b'],
  ] as const)(
    'rejects a cursor with %s before any statement',
    async (_label, sort, key) => {
      const { sut } = setup();
      const order = sort === 'created_at' ? 'desc' : 'asc';
      const cursor = encodeCustomerCursor({ sort, order, key, id: 1 });
      await expect(
        sut.list(ORG, listQuery({ cursor, sort, order })),
      ).rejects.toThrow(/not a valid cursor/);
    },
  );

  it('accepts created_at keys within 2^53 microseconds of the epoch, either side', async () => {
    const { sut, mocks } = setup();
    mocks.customers.list.mockResolvedValue([]);
    for (const key of [
      '9007199254740991',
      '-9007199254740991',
      '0',
      '1764100000000000',
    ]) {
      await sut.list(
        ORG,
        listQuery({
          cursor: encodeCustomerCursor({
            sort: 'created_at',
            order: 'desc',
            key,
            id: 1,
          }),
        }),
      );
    }
    expect(mocks.customers.list).toHaveBeenCalledTimes(4);
  });

  it('turns a unique violation into EmailTaken on create and update', async () => {
    const { sut, mocks } = setup();
    mocks.customers.insert.mockRejectedValueOnce(uniqueViolation);
    await expect(
      sut.create(ORG, createBody({ name: 'A', email: 'a@x.example' })),
    ).rejects.toBeInstanceOf(EmailTaken);
    mocks.customers.update.mockRejectedValueOnce(uniqueViolation);
    await expect(
      sut.update(ORG, 2, updateBody({ name: 'A', email: 'a@x.example' })),
    ).rejects.toBeInstanceOf(EmailTaken);
  });

  it('lets other database errors through unchanged', async () => {
    const { sut, mocks } = setup();
    const outage = Object.assign(new Error('Connection terminated'), {
      code: 'ECONNRESET',
    });
    mocks.customers.insert.mockRejectedValueOnce(outage);
    await expect(
      sut.create(ORG, createBody({ name: 'A', email: 'a@x.example' })),
    ).rejects.toBe(outage);
  });

  it('throws CustomerNotFound when nothing was deleted', async () => {
    const { sut, mocks } = setup();
    mocks.customers.delete.mockResolvedValueOnce(false);
    await expect(sut.delete(ORG, 3)).rejects.toBeInstanceOf(CustomerNotFound);
  });
});
