import {
  Body,
  Controller,
  Delete,
  Get,
  Param,
  Post,
  Put,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  ErrorResponseDto,
  MessageResponseDto,
} from '../common/error-response.dto.js';
import {
  LINK_HEADER,
  type Page,
  PageInterceptor,
} from '../common/pagination.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CurrentTenant, type Tenant } from '@app/database';
import { CustomersService } from './customers.service.js';
import {
  CreateCustomerDto,
  CustomerDto,
  ListCustomersQueryDto,
  UpdateCustomerDto,
} from './dto/customer.dto.js';

@ApiTags('customers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller('api/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @UseInterceptors(PageInterceptor)
  @ApiOperation({ summary: "List the organization's customers, newest first" })
  @ApiOkResponse({ type: [CustomerDto], headers: LINK_HEADER })
  list(
    @CurrentTenant() tenant: Tenant,
    @Query() query: ListCustomersQueryDto,
  ): Promise<Page<CustomerDto>> {
    return this.customers.list(tenant, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get one customer' })
  @ApiOkResponse({ type: CustomerDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(
    @CurrentTenant() tenant: Tenant,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<CustomerDto> {
    return this.customers.get(tenant, id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a customer' })
  @ApiCreatedResponse({ type: CustomerDto })
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

  @Put(':id')
  @ApiOperation({ summary: 'Replace a customer’s name and e-mail' })
  @ApiOkResponse({ type: CustomerDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  update(
    @CurrentTenant() tenant: Tenant,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateCustomerDto,
  ): Promise<CustomerDto> {
    return this.customers.update(tenant, id, dto);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a customer and its accounts' })
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async delete(
    @CurrentTenant() tenant: Tenant,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<MessageResponseDto> {
    await this.customers.delete(tenant, id);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return { message: 'Customer deleted successfully' };
  }
}
