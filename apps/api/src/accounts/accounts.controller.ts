import { Body, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  ErrorResponseDto,
  MessageResponseDto,
} from '../common/error-response.dto.js';
import type { Page } from '../common/pagination.js';
import { IdParam } from '../common/parse-id.pipe.js';
import {
  CreateRoute,
  DeleteRoute,
  deleted,
  ListRoute,
  ReadRoute,
  ReplaceRoute,
  TenantResource,
} from '../common/tenant-routes.js';
import { CurrentTenant, type Tenant } from '@app/database';
import { AccountsService } from './accounts.service.js';
import {
  AccountDto,
  CreateAccountDto,
  CustomerAccountsQueryDto,
  ListAccountsQueryDto,
  UpdateAccountDto,
} from './dto/account.dto.js';

@TenantResource('accounts', 'api')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @ListRoute({
    path: 'customers/:id/accounts',
    summary: "A customer's accounts, newest first",
    type: AccountDto,
  })
  @ApiTags('customers')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  listForCustomer(
    @CurrentTenant() tenant: Tenant,
    @IdParam() customerId: number,
    @Query() query: CustomerAccountsQueryDto,
  ): Promise<Page<AccountDto>> {
    return this.accounts.listForCustomer(tenant, customerId, query);
  }

  @ListRoute({
    path: 'accounts',
    summary: "List the organization's accounts, newest first",
    type: AccountDto,
  })
  list(
    @CurrentTenant() tenant: Tenant,
    @Query() query: ListAccountsQueryDto,
  ): Promise<Page<AccountDto>> {
    return this.accounts.list(tenant, query);
  }

  @ReadRoute({
    path: 'accounts/:id',
    summary: 'Get one account',
    type: AccountDto,
  })
  get(
    @CurrentTenant() tenant: Tenant,
    @IdParam() id: number,
  ): Promise<AccountDto> {
    return this.accounts.get(tenant, id);
  }

  @CreateRoute({
    path: 'accounts',
    summary: 'Create an account for a customer',
    type: AccountDto,
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: "customer_id is not a customer of the caller's organization",
  })
  create(
    @CurrentTenant() tenant: Tenant,
    @Body() dto: CreateAccountDto,
  ): Promise<AccountDto> {
    return this.accounts.create(tenant, dto);
  }

  @ReplaceRoute({
    path: 'accounts/:id',
    summary: 'Replace an account’s name and status',
    type: AccountDto,
  })
  update(
    @CurrentTenant() tenant: Tenant,
    @IdParam() id: number,
    @Body() dto: UpdateAccountDto,
  ): Promise<AccountDto> {
    return this.accounts.update(tenant, id, dto);
  }

  @DeleteRoute({ path: 'accounts/:id', summary: 'Delete an account' })
  async delete(
    @CurrentTenant() tenant: Tenant,
    @IdParam() id: number,
  ): Promise<MessageResponseDto> {
    await this.accounts.delete(tenant, id);
    return deleted('Account');
  }
}
