import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { MetricsAccessGuard } from '@app/common';
import { Public } from '../auth/auth.decorators.js';

/**
 * Prometheus text at /metrics: no user session (scrapers have none), but MetricsAccessGuard:
 * `Authorization: Bearer $METRICS_TOKEN` when set, and 404 here when METRICS_PORT serves it.
 */
@ApiExcludeController()
@Controller()
export class MetricsController extends PrometheusController {
  @Public()
  @UseGuards(MetricsAccessGuard)
  @Get()
  override async index(@Res({ passthrough: true }) response: unknown) {
    return super.index(response);
  }
}
