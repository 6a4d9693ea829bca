import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type Account, pgErrorCode, type Tenant } from '@app/database';
import { AccountNotFound, UnknownCustomerReference } from '@app/common';
import { decodeCursor, Page, type PageQueryDto } from '../common/pagination.js';
import type { AllConfig } from '../config/index.js';
import { CustomersService } from '../customers/customers.service.js';
import {
  type AccountRecord,
  AccountsRepository,
} from './accounts.repository.js';
import type {
  AccountDto,
  CreateAccountDto,
  CustomerAccountsQueryDto,
  ListAccountsQueryDto,
  UpdateAccountDto,
} from './dto/account.dto.js';

export function toAccountDto(account: AccountRecord): AccountDto {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
  return {
    id: account.id,
    customer_id: account.customerId,
    name: account.name,
    status: account.status,
    created_at: account.createdAt,
    updated_at: account.updatedAt,
  };
}

@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly customers: CustomersService,
    private readonly config: ConfigService<AllConfig, true>,
  ) {}

  async list(
    tenant: Tenant,
    query: ListAccountsQueryDto,
  ): Promise<Page<AccountDto>> {
    return this.page(tenant, query, {
      customerId: query.customer_id,
      status: query.status,
    });
  }

  /** 404 when the customer is not one of the organization's. */
  async listForCustomer(
    tenant: Tenant,
    customerId: number,
    query: CustomerAccountsQueryDto,
  ): Promise<Page<AccountDto>> {
    await this.customers.assertExists(tenant, customerId);
    return this.page(tenant, query, { customerId, status: query.status });
  }

  async get(tenant: Tenant, id: number): Promise<AccountDto> {
    const account = await this.accounts.findById(tenant, id);
    if (!account) throw new AccountNotFound();
    return toAccountDto(account);
  }

  async create(tenant: Tenant, dto: CreateAccountDto): Promise<AccountDto> {
    const account = await this.accounts
      .insert(tenant, dto.customer_id, dto.name, dto.status ?? 'active')
      .catch((error: unknown) => {
        // The customer was deleted between the check and the insert: the foreign key says so.
        if (pgErrorCode(error) === '23503')
          throw new UnknownCustomerReference();
        throw error;
      });
    if (!account) throw new UnknownCustomerReference();
    return toAccountDto(account);
  }

  async update(
    tenant: Tenant,
    id: number,
    dto: UpdateAccountDto,
  ): Promise<AccountDto> {
    const account = await this.accounts.update(
      tenant,
      id,
      dto.name,
      dto.status,
    );
    if (!account) throw new AccountNotFound();
    return toAccountDto(account);
  }

  async delete(tenant: Tenant, id: number): Promise<void> {
    if (!(await this.accounts.delete(tenant, id))) throw new AccountNotFound();
  }

  private async page(
    tenant: Tenant,
    query: PageQueryDto,
    filter: { customerId?: number; status?: Account['status'] },
  ): Promise<Page<AccountDto>> {
    const limit =
      query.limit ?? this.config.get('app.listDefaultLimit', { infer: true });
    // Newest first by id: the id is both the sort key and the tie-breaker.
    const cursor = decodeCursor(
      query.cursor,
      'id',
      'desc',
      (key, id) => key === String(id),
    );
    const rows = await this.accounts.list(tenant, {
      ...filter,
      afterId: cursor?.id,
      take: limit + 1,
    });
    return Page.of(rows, limit, toAccountDto, (account) => ({
      sort: 'id',
      order: 'desc',
      key: String(account.id),
      id: account.id,
    }));
  }
}
