import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AllConfig, configModule } from '@app/config';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseModule, routingMetricsProviders } from '@app/database';
import { JobsModule, RedisHealthIndicator } from '@app/jobs';
import { MetricsAccessGuard, MetricsListener, tracing } from '@app/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { LoggerModule } from 'nestjs-pino';
import { collectDefaultMetrics, register } from 'prom-client';
import { WorkerHealthController } from './worker-health.controller.js';
import { WorkerMetricsController } from './worker-metrics.controller.js';

/**
 * The worker process: BullMQ workers for the three queues (JobWorkers); HTTP only for /health and
 * /metrics. `WorkerModule.forRoot(config)` over the configuration its main.ts parsed with the same
 * parseEnv as the api: a value either process would refuse stops both.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AllConfig, true>) => ({
        pinoHttp: {
          level: config.get('worker.logLevel', { infer: true }),
          ...(tracing().enabled && { mixin: () => tracing().logFields() }),
          autoLogging: false,
        },
      }),
    }),
    DatabaseModule.forRoot({ appName: 'worker', migrate: true }),
    JobsModule.forWorker(),
    TerminusModule.forRoot({ logger: false }),
    // Default process metrics are registered by a provider (below), once per registry: the api's
    // module registers them too, and both modules share one registry when loaded together (tests).
    PrometheusModule.register({
      path: '/metrics',
      controller: WorkerMetricsController,
      defaultMetrics: { enabled: false },
    }),
  ],
  controllers: [WorkerHealthController],
  providers: [
    RedisHealthIndicator,
    MetricsAccessGuard,
    MetricsListener,
    ...routingMetricsProviders,
    {
      provide: 'DEFAULT_METRICS',
      useFactory: () => {
        if (!register.getSingleMetric('process_cpu_user_seconds_total'))
          collectDefaultMetrics();
        return true;
      },
    },
  ],
})
export class WorkerModule {
  static forRoot(config: Readonly<AllConfig>): DynamicModule {
    return { module: WorkerModule, imports: [configModule(config)] };
  }
}
