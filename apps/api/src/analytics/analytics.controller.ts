import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { AnalyticsService, type Served } from './analytics.service.js';
import { AnalyticsDto, CustomerAnalyticsDto, DistributionBucketDto, GrowthDayDto, GrowthQueryDto } from './dto/analytics.dto.js';

const SERVED_BY = {
  'X-Served-By': {
    description: 'follower or leader: which server computed the numbers (pg_is_in_recovery() of that statement)',
    schema: { type: 'string', enum: ['follower', 'leader'] },
  },
};

function answer<T>(reply: FastifyReply, served: Served<T>): T {
  reply.header('X-Served-By', served.servedBy);
  return served.result;
}

@ApiTags('analytics')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('api/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get()
  @ApiOperation({ summary: "Organization totals, computed on the follower (falls back to the leader)" })
  @ApiOkResponse({ type: AnalyticsDto, headers: SERVED_BY })
  async organization(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<AnalyticsDto> {
    return answer(reply, await this.analytics.forOrganization(user.organizationId));
  }

  @Get('distribution')
  @ApiOperation({ summary: 'How many customers have 0, 1, 2, … accounts (every n from 0 to the largest), computed on the follower' })
  @ApiOkResponse({ type: [DistributionBucketDto], headers: SERVED_BY })
  async distribution(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<DistributionBucketDto[]> {
    return answer(reply, await this.analytics.distribution(user.organizationId));
  }

  @Get('growth')
  @ApiOperation({
    summary: 'New and running-total customers and accounts per UTC day, oldest first, from created_at; computed on the follower',
  })
  @ApiOkResponse({ type: [GrowthDayDto], headers: SERVED_BY })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async growth(
    @CurrentUser() user: AuthUser,
    @Query() query: GrowthQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GrowthDayDto[]> {
    return answer(reply, await this.analytics.growth(user.organizationId, query.days ?? 30));
  }

  @Get('customers/:id')
  @ApiOperation({ summary: "One customer's account totals, computed on the follower" })
  @ApiOkResponse({ type: CustomerAnalyticsDto, headers: SERVED_BY })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async customer(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerAnalyticsDto> {
    return answer(reply, await this.analytics.forCustomer(user.organizationId, id));
  }
}
