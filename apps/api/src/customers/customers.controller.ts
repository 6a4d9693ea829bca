import { ApiConflictResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { TenantCrudController } from '../common/tenant-crud.controller.js';
import { TenantResource } from '../common/tenant-routes.js';
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
  listQuery: ListCustomersQueryDto,
  createBody: CreateCustomerDto,
  updateBody: UpdateCustomerDto,
  noun: 'Customer',
  list: { summary: "List the organization's customers, newest first" },
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
}
