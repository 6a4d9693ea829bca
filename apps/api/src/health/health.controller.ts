import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { healthReport, RedisHealthIndicator } from '@app/jobs';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { DatabaseHealthIndicator } from './database.health.js';

@ApiTags('system')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly databases: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Health of each connection (503 only when the primary is unreachable; redis down is degraded)',
  })
  check(@Res({ passthrough: true }) reply: FastifyReply) {
    const indicators: HealthIndicatorFunction[] = [
      () => this.databases.checkPrimary(),
      () => this.databases.checkAnalytics(),
    ];
    if (this.redis.configured)
      indicators.push(() => this.redis.check('degraded'));
    return healthReport(this.health, indicators, reply);
  }
}
