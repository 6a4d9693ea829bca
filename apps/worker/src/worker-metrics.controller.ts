import { Controller, Get, Res } from '@nestjs/common';
import { PrometheusController } from '@willsoto/nestjs-prometheus';

/** Prometheus text at /metrics: queue gauges, job durations, process metrics. */
@Controller()
export class WorkerMetricsController extends PrometheusController {
  @Get()
  override async index(@Res({ passthrough: true }) response: unknown) {
    return super.index(response);
  }
}
