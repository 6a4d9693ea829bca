import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { PRIMARY } from '@app/database';
import { healthReport, RedisHealthIndicator } from '@app/jobs';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';

/** The worker's /health: it needs both Redis and the primary, so either one down is a 503. */
@Controller('health')
export class WorkerHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisHealthIndicator,
    @InjectDataSource(PRIMARY) private readonly primary: DataSource,
  ) {}

  @Get()
  @HealthCheck()
  check(@Res({ passthrough: true }) reply: FastifyReply) {
    return healthReport(
      this.health,
      [() => this.redis.check('down'), () => this.checkPrimary()],
      reply,
    );
  }

  private async checkPrimary() {
    const indicator = this.indicators.check('database');
    try {
      const [row] = await this.primary.query<{ in_recovery: boolean }[]>(
        'SELECT pg_is_in_recovery() AS in_recovery',
      );
      return indicator.up({ role: row.in_recovery ? 'follower' : 'leader' });
    } catch {
      return indicator.down({ message: 'primary database unreachable' });
    }
  }
}
