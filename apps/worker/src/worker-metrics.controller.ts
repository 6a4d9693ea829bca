import { Controller, Get, Res, UseFilters, UseGuards } from '@nestjs/common';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { MetricsAccessGuard, MetricsRefusalFilter } from '@app/common';

/**
 * Prometheus text at /metrics: queue gauges, job durations, process metrics. Protected like the
 * api's (MetricsAccessGuard: METRICS_TOKEN, or METRICS_PORT and 404 here).
 */
@Controller()
@UseGuards(MetricsAccessGuard)
@UseFilters(MetricsRefusalFilter)
export class WorkerMetricsController extends PrometheusController {
  @Get()
  override async index(@Res({ passthrough: true }) response: unknown) {
    return super.index(response);
  }
}
