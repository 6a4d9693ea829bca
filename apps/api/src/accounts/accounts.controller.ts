import { Body, Controller, Delete, Get, Param, Post, Put, Query, UseInterceptors } from '@nestjs/common';
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
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import { ErrorResponseDto, MessageResponseDto } from '../common/error-response.dto.js';
import { type Page, PageInterceptor } from '../common/pagination.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { AccountsService } from './accounts.service.js';
import {
  AccountDto,
  CreateAccountDto,
  CustomerAccountsQueryDto,
  ListAccountsQueryDto,
  UpdateAccountDto,
} from './dto/account.dto.js';

const LINK_HEADER = { Link: { description: 'Next page: <...?cursor=...>; rel="next" (absent on the last page)', schema: { type: 'string' } } };

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
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) customerId: number,
    @Query() query: CustomerAccountsQueryDto,
  ): Promise<Page<AccountDto>> {
    return this.accounts.listForCustomer(user.organizationId, customerId, query);
  }

  @Get('accounts')
  @UseInterceptors(PageInterceptor)
  @ApiOperation({ summary: "List the organization's accounts, newest first" })
  @ApiOkResponse({ type: [AccountDto], headers: LINK_HEADER })
  list(@CurrentUser() user: AuthUser, @Query() query: ListAccountsQueryDto): Promise<Page<AccountDto>> {
    return this.accounts.list(user.organizationId, query);
  }

  @Get('accounts/:id')
  @ApiOperation({ summary: 'Get one account' })
  @ApiOkResponse({ type: AccountDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<AccountDto> {
    return this.accounts.get(user.organizationId, id);
  }

  @Post('accounts')
  @ApiOperation({ summary: 'Create an account for a customer' })
  @ApiCreatedResponse({ type: AccountDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: "customer_id is not a customer of the caller's organization" })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateAccountDto): Promise<AccountDto> {
    return this.accounts.create(user.organizationId, dto);
  }

  @Put('accounts/:id')
  @ApiOperation({ summary: 'Replace an account’s name and status' })
  @ApiOkResponse({ type: AccountDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateAccountDto,
  ): Promise<AccountDto> {
    return this.accounts.update(user.organizationId, id, dto);
  }

  @Delete('accounts/:id')
  @ApiOperation({ summary: 'Delete an account' })
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async delete(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<MessageResponseDto> {
    await this.accounts.delete(user.organizationId, id);
    return { message: 'Account deleted successfully' };
  }
}
