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
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
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
import { AccountsService } from './accounts.service.js';
import {
  AccountDto,
  CreateAccountDto,
  CustomerAccountsQueryDto,
  ListAccountsQueryDto,
  UpdateAccountDto,
} from './dto/account.dto.js';

@ApiTags('accounts')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller('api')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get('customers/:id/accounts')
  @UseInterceptors(PageInterceptor)
  @ApiTags('customers')
  @ApiOperation({ summary: "A customer's accounts, newest first" })
  @ApiOkResponse({ type: [AccountDto], headers: LINK_HEADER })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  listForCustomer(
    @CurrentTenant() tenant: Tenant,
    @Param('id', ParseIdPipe) customerId: number,
    @Query() query: CustomerAccountsQueryDto,
  ): Promise<Page<AccountDto>> {
    return this.accounts.listForCustomer(tenant, customerId, query);
  }

  @Get('accounts')
  @UseInterceptors(PageInterceptor)
  @ApiOperation({ summary: "List the organization's accounts, newest first" })
  @ApiOkResponse({ type: [AccountDto], headers: LINK_HEADER })
  list(
    @CurrentTenant() tenant: Tenant,
    @Query() query: ListAccountsQueryDto,
  ): Promise<Page<AccountDto>> {
    return this.accounts.list(tenant, query);
  }

  @Get('accounts/:id')
  @ApiOperation({ summary: 'Get one account' })
  @ApiOkResponse({ type: AccountDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(
    @CurrentTenant() tenant: Tenant,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<AccountDto> {
    return this.accounts.get(tenant, id);
  }

  @Post('accounts')
  @ApiOperation({ summary: 'Create an account for a customer' })
  @ApiCreatedResponse({ type: AccountDto })
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

  @Put('accounts/:id')
  @ApiOperation({ summary: 'Replace an account’s name and status' })
  @ApiOkResponse({ type: AccountDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(
    @CurrentTenant() tenant: Tenant,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateAccountDto,
  ): Promise<AccountDto> {
    return this.accounts.update(tenant, id, dto);
  }

  @Delete('accounts/:id')
  @ApiOperation({ summary: 'Delete an account' })
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async delete(
    @CurrentTenant() tenant: Tenant,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<MessageResponseDto> {
    await this.accounts.delete(tenant, id);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return { message: 'Account deleted successfully' };
  }
}
