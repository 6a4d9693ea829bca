import {
  Controller,
  Get,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { RedisHealthIndicator } from '@app/jobs';
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
  async check(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HealthCheckResult & { status_code?: number }> {
    try {
      const indicators: HealthIndicatorFunction[] = [
        () => this.databases.checkPrimary(),
        () => this.databases.checkAnalytics(),
      ];
      if (this.redis.configured)
        indicators.push(() => this.redis.check('degraded'));
      return await this.health.check(indicators);
    } catch (error) {
      // Keep Terminus's per-indicator report in the 503 (the global filter would flatten it).
      if (!(error instanceof ServiceUnavailableException)) throw error;
      reply.status(503).header('Retry-After', '5');
      return {
        ...(error.getResponse() as HealthCheckResult),
        status_code: 503,
      };
    }
  }
}
