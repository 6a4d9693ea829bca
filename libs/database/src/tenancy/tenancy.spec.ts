import { describe, expect, it, jest } from '@jest/globals';
import type { Repository } from 'typeorm';
import { Tenant, TenantRepository, tenantSql } from './tenancy.js';

describe('tenantSql', () => {
  it.each([
    'SELECT * FROM customers WHERE id = $1',
    'SELECT * FROM customers WHERE organization_id = $2 AND id = $1',
    'SELECT * FROM customers WHERE organization_id = $10',
    'INSERT INTO customers (name, organization_id) VALUES ($1, $2)',
  ])('refuses a statement whose $1 is not organization_id: %s', (sql) => {
    expect(() => tenantSql(sql)).toThrow(/organization_id to \$1/);
  });

  it.each([
    'SELECT id FROM customers WHERE organization_id = $1 AND id = $2',
    'INSERT INTO customers (organization_id, name, email) VALUES ($1, $2, $3) RETURNING id',
  ])('accepts %s', (sql) => {
    expect(tenantSql(sql)).toBe(sql);
  });
});

describe('Tenant', () => {
  it.each([0, -1, 1.5, Number.NaN, 2 ** 53])(
    'refuses %s as an organization id',
    (id) => {
      expect(() => Tenant.of(id)).toThrow();
    },
  );
});

describe('TenantRepository', () => {
  function setup() {
    const repository = {
      find: jest.fn((_options: unknown) => Promise.resolve([])),
      findOneBy: jest.fn((_where: unknown) => Promise.resolve(null)),
      delete: jest.fn((_where: unknown) =>
        Promise.resolve({ affected: 0, raw: [] }),
      ),
      create: jest.fn((values: object) => ({ ...values })),
      insert: jest.fn((_entity: unknown) =>
        Promise.resolve({
          identifiers: [],
          generatedMaps: [],
          raw: [],
        }),
      ),
    };
    const sut = new TenantRepository(
      repository as unknown as Repository<{
        id: number;
        organizationId: number;
        name: string;
      }>,
    );
    return { sut, repository };
  }

  it("puts the tenant's organizationId into every where and insert, over anything the caller passes", async () => {
    const { sut, repository } = setup();
    const tenant = Tenant.of(7);
    const forged = { id: 1, organizationId: 8 } as never;
    await sut.find(tenant, { where: forged });
    await sut.findOne(tenant, forged);
    await sut.delete(tenant, forged);
    await sut.insert(tenant, { name: 'x', organizationId: 8 } as never);
    expect(repository.find).toHaveBeenCalledWith({
      where: { id: 1, organizationId: 7 },
    });
    expect(repository.findOneBy).toHaveBeenCalledWith({
      id: 1,
      organizationId: 7,
    });
    expect(repository.delete).toHaveBeenCalledWith({
      id: 1,
      organizationId: 7,
    });
    expect(repository.create).toHaveBeenCalledWith({
      name: 'x',
      organizationId: 7,
    });
    await expect(sut.findOne(tenant, { id: 1 })).resolves.toBeUndefined();
  });
});
