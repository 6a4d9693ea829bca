import { Query } from '@nestjs/common';
import { ApiConflictResponse } from '@nestjs/swagger';
import { CurrentTenant, type Tenant } from '@app/database';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import type { Page } from '../common/pagination.js';
import { TenantCrudController } from '../common/tenant-crud.controller.js';
import { ListRoute, TenantResource } from '../common/tenant-routes.js';
import { CustomersService } from './customers.service.js';
import {
  CreateCustomerDto,
  CustomerDto,
  ListCustomersQueryDto,
  UpdateCustomerDto,
} from './dto/customer.dto.js';

@TenantResource('customers', 'api/customers')
export class CustomersController extends TenantCrudController({
  type: CustomerDto,
  createBody: CreateCustomerDto,
  updateBody: UpdateCustomerDto,
  noun: 'Customer',
  get: { summary: 'Get one customer' },
  create: {
    summary: 'Create a customer',
    responses: [
      ApiConflictResponse({
        type: ErrorResponseDto,
        description: 'E-mail already used in this organization',
      }),
    ],
  },
  update: {
    summary: 'Replace a customer’s name and e-mail',
    responses: [ApiConflictResponse({ type: ErrorResponseDto })],
  },
  delete: { summary: 'Delete a customer and its accounts' },
}) {
  constructor(protected readonly service: CustomersService) {
    super();
  }

  @ListRoute({
    summary: "List the organization's customers, newest first",
    type: CustomerDto,
  })
  list(
    @CurrentTenant() tenant: Tenant,
    @Query() query: ListCustomersQueryDto,
  ): Promise<Page<CustomerDto>> {
    return this.service.list(tenant, query);
  }
}
