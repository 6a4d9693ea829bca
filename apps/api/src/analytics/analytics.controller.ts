import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CurrentTenant, type Tenant } from '@app/database';
import { AnalyticsService } from './analytics.service.js';
import {
  AnalyticsDto,
  CustomerAnalyticsDto,
  DEFAULT_HISTORY_DAYS,
  DistributionBucketDto,
  GrowthDayDto,
  GrowthQueryDto,
  HistoryQueryDto,
  HistoryDayDto,
} from './dto/analytics.dto.js';
import { type Served, SERVED_BY_HEADER } from './served-by.js';

@ApiTags('analytics')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('api/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Organization totals, computed on the follower (falls back to the leader)',
  })
  @ApiOkResponse({ type: AnalyticsDto, headers: SERVED_BY_HEADER })
  organization(@CurrentTenant() tenant: Tenant): Promise<Served<AnalyticsDto>> {
    return this.analytics.forOrganization(tenant);
  }

  @Get('distribution')
  @ApiOperation({
    summary:
      'How many customers have 0, 1, 2, … accounts (every n from 0 to the largest), computed on the follower',
  })
  @ApiOkResponse({ type: [DistributionBucketDto], headers: SERVED_BY_HEADER })
  distribution(
    @CurrentTenant() tenant: Tenant,
  ): Promise<Served<DistributionBucketDto[]>> {
    return this.analytics.distribution(tenant);
  }

  @Get('growth')
  @ApiOperation({
    summary:
      'Per UTC day of the last `days` days, oldest first: customers and accounts created and deleted, and the totals at the end of the day; from the rollups, on the follower',
  })
  @ApiOkResponse({ type: [GrowthDayDto], headers: SERVED_BY_HEADER })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  growth(
    @CurrentTenant() tenant: Tenant,
    @Query() query: GrowthQueryDto,
  ): Promise<Served<GrowthDayDto[]>> {
    return this.analytics.growth(tenant, query.days ?? 30);
  }

  @Get('history')
  @ApiOperation({
    summary:
      'The true history of the last `days` days (UTC), oldest first: growth plus status changes and the average of each day; from the rollups, on the follower',
  })
  @ApiOkResponse({ type: [HistoryDayDto], headers: SERVED_BY_HEADER })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  history(
    @CurrentTenant() tenant: Tenant,
    @Query() query: HistoryQueryDto,
  ): Promise<Served<HistoryDayDto[]>> {
    return this.analytics.history(tenant, query.days ?? DEFAULT_HISTORY_DAYS);
  }

  @Get('customers/:id')
  @ApiOperation({
    summary: "One customer's account totals, computed on the follower",
  })
  @ApiOkResponse({ type: CustomerAnalyticsDto, headers: SERVED_BY_HEADER })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  customer(
    @CurrentTenant() tenant: Tenant,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<Served<CustomerAnalyticsDto>> {
    return this.analytics.forCustomer(tenant, id);
  }
}
