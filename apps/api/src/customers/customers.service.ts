import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { pgErrorCode, type Tenant } from '@app/database';
import { CustomerNotFound, EmailTaken } from '@app/common';
import { Page } from '../common/pagination.js';
import type { AllConfig } from '../config/index.js';
import { decodeCustomerCursor } from './customer-cursor.js';
import {
  type CustomerRecord,
  CustomersRepository,
  type SortOrder,
} from './customers.repository.js';
import type {
  CreateCustomerDto,
  CustomerDto,
  ListCustomersQueryDto,
  UpdateCustomerDto,
} from './dto/customer.dto.js';

export function toCustomerDto(customer: CustomerRecord): CustomerDto {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
  return {
    id: customer.id,
    name: customer.name,
    email: customer.email,
    created_at: customer.createdAt,
    updated_at: customer.updatedAt,
  };
}

/** A unique violation on (organization_id, email) means the e-mail is taken in this organization. */
function rethrowEmailTaken(error: unknown): never {
  if (pgErrorCode(error) === '23505') throw new EmailTaken();
  throw error;
}

@Injectable()
export class CustomersService {
  constructor(
    private readonly customers: CustomersRepository,
    private readonly config: ConfigService<AllConfig, true>,
  ) {}

  async list(
    tenant: Tenant,
    query: ListCustomersQueryDto,
  ): Promise<Page<CustomerDto>> {
    const limit =
      query.limit ?? this.config.get('app.listDefaultLimit', { infer: true });
    const sort = query.sort ?? 'created_at';
    const order: SortOrder =
      query.order ?? (sort === 'created_at' ? 'desc' : 'asc');
    const cursor = decodeCustomerCursor(query.cursor, sort, order);
    const after = cursor && { key: cursor.key, id: cursor.id };
    const rows = await this.customers.list(tenant, {
      sort,
      order,
      after,
      q: query.q,
      take: limit + 1,
    });
    return Page.of(
      rows,
      limit,
      (row) => toCustomerDto(row.customer),
      (row) => ({ sort, order, key: row.sortKey, id: row.customer.id }),
    );
  }

  async get(tenant: Tenant, id: number): Promise<CustomerDto> {
    const customer = await this.customers.findById(tenant, id);
    if (!customer) throw new CustomerNotFound();
    return toCustomerDto(customer);
  }

  async create(tenant: Tenant, dto: CreateCustomerDto): Promise<CustomerDto> {
    const customer = await this.customers
      .insert(tenant, dto.name, dto.email)
      .catch(rethrowEmailTaken);
    return toCustomerDto(customer);
  }

  async update(
    tenant: Tenant,
    id: number,
    dto: UpdateCustomerDto,
  ): Promise<CustomerDto> {
    const customer = await this.customers
      .update(tenant, id, dto.name, dto.email)
      .catch(rethrowEmailTaken);
    if (!customer) throw new CustomerNotFound();
    return toCustomerDto(customer);
  }

  async delete(tenant: Tenant, id: number): Promise<void> {
    if (!(await this.customers.delete(tenant, id)))
      throw new CustomerNotFound();
  }

  async assertExists(tenant: Tenant, id: number): Promise<void> {
    if (!(await this.customers.exists(tenant, id)))
      throw new CustomerNotFound();
  }
}
