import { Body, Query } from '@nestjs/common';
import { ApiConflictResponse } from '@nestjs/swagger';
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
import { CustomersService } from './customers.service.js';
import {
  CreateCustomerDto,
  CustomerDto,
  ListCustomersQueryDto,
  UpdateCustomerDto,
} from './dto/customer.dto.js';

@TenantResource('customers', 'api/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @ListRoute({
    summary: "List the organization's customers, newest first",
    type: CustomerDto,
  })
  list(
    @CurrentTenant() tenant: Tenant,
    @Query() query: ListCustomersQueryDto,
  ): Promise<Page<CustomerDto>> {
    return this.customers.list(tenant, query);
  }

  @ReadRoute({ path: ':id', summary: 'Get one customer', type: CustomerDto })
  get(
    @CurrentTenant() tenant: Tenant,
    @IdParam() id: number,
  ): Promise<CustomerDto> {
    return this.customers.get(tenant, id);
  }

  @CreateRoute({ summary: 'Create a customer', type: CustomerDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'E-mail already used in this organization',
  })
  create(
    @CurrentTenant() tenant: Tenant,
    @Body() dto: CreateCustomerDto,
  ): Promise<CustomerDto> {
    return this.customers.create(tenant, dto);
  }

  @ReplaceRoute({
    path: ':id',
    summary: 'Replace a customer’s name and e-mail',
    type: CustomerDto,
  })
  @ApiConflictResponse({ type: ErrorResponseDto })
  update(
    @CurrentTenant() tenant: Tenant,
    @IdParam() id: number,
    @Body() dto: UpdateCustomerDto,
  ): Promise<CustomerDto> {
    return this.customers.update(tenant, id, dto);
  }

  @DeleteRoute({ path: ':id', summary: 'Delete a customer and its accounts' })
  async delete(
    @CurrentTenant() tenant: Tenant,
    @IdParam() id: number,
  ): Promise<MessageResponseDto> {
    await this.customers.delete(tenant, id);
    return deleted('Customer');
  }
}
