import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type Account, pgErrorCode } from '@app/database';
import { AccountNotFound, UnknownCustomerReference } from '@app/common';
import { decodeCursor, Page, type PageQueryDto } from '../common/pagination.js';
import type { AllConfig } from '../config/index.js';
import { CustomersService } from '../customers/customers.service.js';
import { AccountsRepository } from './accounts.repository.js';
import type { AccountDto, CreateAccountDto, CustomerAccountsQueryDto, ListAccountsQueryDto, UpdateAccountDto } from './dto/account.dto.js';

export function toAccountDto(account: Account): AccountDto {
  return {
    id: account.id,
    customer_id: account.customerId,
    name: account.name,
    status: account.status,
    created_at: account.createdAt.toISOString(),
    updated_at: account.updatedAt.toISOString(),
  };
}

@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly customers: CustomersService,
    private readonly config: ConfigService<AllConfig, true>,
  ) {}

  async list(organizationId: number, query: ListAccountsQueryDto): Promise<Page<AccountDto>> {
    return this.page(organizationId, query, { customerId: query.customer_id, status: query.status });
  }

  /** 404 when the customer is not one of the organization's. */
  async listForCustomer(organizationId: number, customerId: number, query: CustomerAccountsQueryDto): Promise<Page<AccountDto>> {
    await this.customers.assertExists(organizationId, customerId);
    return this.page(organizationId, query, { customerId, status: query.status });
  }

  async get(organizationId: number, id: number): Promise<AccountDto> {
    const account = await this.accounts.findById(organizationId, id);
    if (!account) throw new AccountNotFound();
    return toAccountDto(account);
  }

  async create(organizationId: number, dto: CreateAccountDto): Promise<AccountDto> {
    const account = await this.accounts
      .insert(organizationId, dto.customer_id, dto.name, dto.status ?? 'active')
      .catch((error: unknown) => {
        // The customer was deleted between the check and the insert: the foreign key says so.
        if (pgErrorCode(error) === '23503') throw new UnknownCustomerReference();
        throw error;
      });
    if (!account) throw new UnknownCustomerReference();
    return toAccountDto(account);
  }

  async update(organizationId: number, id: number, dto: UpdateAccountDto): Promise<AccountDto> {
    const account = await this.accounts.update(organizationId, id, dto.name, dto.status);
    if (!account) throw new AccountNotFound();
    return toAccountDto(account);
  }

  async delete(organizationId: number, id: number): Promise<void> {
    if (!(await this.accounts.delete(organizationId, id))) throw new AccountNotFound();
  }

  private async page(
    organizationId: number,
    query: PageQueryDto,
    filter: { customerId?: number; status?: Account['status'] },
  ): Promise<Page<AccountDto>> {
    const limit = query.limit ?? this.config.get('app.listDefaultLimit', { infer: true });
    const rows = await this.accounts.list(organizationId, { ...filter, afterId: decodeCursor(query.cursor), take: limit + 1 });
    return Page.of(rows, limit, toAccountDto);
  }
}
