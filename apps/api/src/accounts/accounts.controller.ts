import { Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentTenant, type Tenant } from '@app/database';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import type { Page } from '../common/pagination.js';
import { IdParam } from '../common/parse-id.pipe.js';
import { TenantCrudController } from '../common/tenant-crud.controller.js';
import { ListRoute, TenantResource } from '../common/tenant-routes.js';
import { AccountsService } from './accounts.service.js';
import {
  AccountDto,
  CreateAccountDto,
  CustomerAccountsQueryDto,
  ListAccountsQueryDto,
  UpdateAccountDto,
} from './dto/account.dto.js';

@TenantResource('accounts', 'api')
export class AccountsController extends TenantCrudController({
  collection: 'accounts',
  type: AccountDto,
  listQuery: ListAccountsQueryDto,
  createBody: CreateAccountDto,
  updateBody: UpdateAccountDto,
  noun: 'Account',
  list: { summary: "List the organization's accounts, newest first" },
  get: { summary: 'Get one account' },
  create: {
    summary: 'Create an account for a customer',
    responses: [
      ApiUnprocessableEntityResponse({
        type: ErrorResponseDto,
        description:
          "customer_id is not a customer of the caller's organization",
      }),
    ],
  },
  update: { summary: 'Replace an account’s name and status' },
  delete: { summary: 'Delete an account' },
}) {
  constructor(protected readonly service: AccountsService) {
    super();
  }

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
    return this.service.listForCustomer(tenant, customerId, query);
  }
}
