import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { AnalyticsHistoryService } from './analytics-history.service.js';
import { DEFAULT_HISTORY_DAYS, HistoryQueryDto, SnapshotDto } from './dto/jobs.dto.js';

@ApiTags('analytics')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('api/analytics/history')
export class AnalyticsHistoryController {
  constructor(private readonly history: AnalyticsHistoryService) {}

  @Get()
  @ApiOperation({ summary: 'Stored daily snapshots of the last `days` days (UTC), oldest first, read on the follower' })
  @ApiOkResponse({
    type: [SnapshotDto],
    headers: { 'X-Served-By': { description: 'follower or leader', schema: { type: 'string', enum: ['follower', 'leader'] } } },
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async list(@CurrentUser() user: AuthUser, @Query() query: HistoryQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<SnapshotDto[]> {
    const served = await this.history.history(user.organizationId, query.days ?? DEFAULT_HISTORY_DAYS);
    reply.header('X-Served-By', served.servedBy);
    return served.result;
  }
}
