import { Module } from '@nestjs/common';
import {
  makeCounterProvider,
  makeHistogramProvider,
  PrometheusModule,
} from '@willsoto/nestjs-prometheus';
import {
  HTTP_REQUEST_DURATION,
  HTTP_REQUESTS_TOTAL,
  HttpMetrics,
} from './http-metrics.js';
import { MetricsController } from './metrics.controller.js';
import { poolMetricsProvider } from './pool-metrics.js';
import { routingMetricsProviders } from '@app/database';
import { MetricsAccessGuard, MetricsListener } from '@app/common';

const HTTP_LABELS = ['method', 'route', 'status_code'];

@Module({
  imports: [
    PrometheusModule.register({
      path: '/metrics',
      controller: MetricsController,
      defaultMetrics: { enabled: true },
    }),
  ],
  providers: [
    makeCounterProvider({
      name: HTTP_REQUESTS_TOTAL,
      help: 'HTTP responses sent',
      labelNames: HTTP_LABELS,
    }),
    makeHistogramProvider({
      name: HTTP_REQUEST_DURATION,
      help: 'Time from request received to response sent',
      labelNames: HTTP_LABELS,
      buckets: [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
      ],
    }),
    poolMetricsProvider,
    ...routingMetricsProviders,
    HttpMetrics,
    MetricsAccessGuard,
    MetricsListener,
  ],
  exports: [HttpMetrics],
})
export class MetricsModule {}
