import { Injectable } from '@nestjs/common';
import { pgErrorCode, type Customer } from '@app/database';
import { CustomerNotFound, EmailTaken } from '../common/domain-errors.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page } from '../common/pagination.js';
import { CustomersRepository } from './customers.repository.js';
import type { CreateCustomerDto, CustomerDto, ListCustomersQueryDto, UpdateCustomerDto } from './dto/customer.dto.js';

export function toCustomerDto(customer: Customer): CustomerDto {
  return {
    id: customer.id,
    name: customer.name,
    email: customer.email,
    created_at: customer.createdAt.toISOString(),
    updated_at: customer.updatedAt.toISOString(),
  };
}

/** A unique violation on (organization_id, email) means the e-mail is taken in this organization. */
function rethrowEmailTaken(error: unknown): never {
  if (pgErrorCode(error) === '23505') throw new EmailTaken();
  throw error;
}

@Injectable()
export class CustomersService {
  constructor(private readonly customers: CustomersRepository) {}

  async list(organizationId: number, query: ListCustomersQueryDto): Promise<Page<CustomerDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.customers.list(organizationId, {
      afterId: decodeCursor(query.cursor),
      q: query.q,
      take: limit + 1,
    });
    return Page.of(rows, limit, toCustomerDto);
  }

  async get(organizationId: number, id: number): Promise<CustomerDto> {
    const customer = await this.customers.findById(organizationId, id);
    if (!customer) throw new CustomerNotFound();
    return toCustomerDto(customer);
  }

  async create(organizationId: number, dto: CreateCustomerDto): Promise<CustomerDto> {
    const customer = await this.customers.insert(organizationId, dto.name, dto.email).catch(rethrowEmailTaken);
    return toCustomerDto(customer);
  }

  async update(organizationId: number, id: number, dto: UpdateCustomerDto): Promise<CustomerDto> {
    const customer = await this.customers.update(organizationId, id, dto.name, dto.email).catch(rethrowEmailTaken);
    if (!customer) throw new CustomerNotFound();
    return toCustomerDto(customer);
  }

  async delete(organizationId: number, id: number): Promise<void> {
    if (!(await this.customers.delete(organizationId, id))) throw new CustomerNotFound();
  }

  async assertExists(organizationId: number, id: number): Promise<void> {
    if (!(await this.customers.exists(organizationId, id))) throw new CustomerNotFound();
  }
}
