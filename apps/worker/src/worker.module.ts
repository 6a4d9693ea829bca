import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseModule } from '@app/database';
import { JobsModule, RedisHealthIndicator } from '@app/jobs';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { LoggerModule } from 'nestjs-pino';
import { collectDefaultMetrics, register } from 'prom-client';
import { WorkerHealthController } from './worker-health.controller.js';
import { WorkerMetricsController } from './worker-metrics.controller.js';
import { type WorkerAppConfig, validateWorkerEnv, workerAppConfig } from './worker.config.js';

/** The worker process: BullMQ workers for the three queues (JobWorkers); HTTP only for /health and /metrics. */
@Module({
  imports: [
    // .env was loaded by the entry point (loadEnvFile): read once, not again here.
    ConfigModule.forRoot({ isGlobal: true, cache: true, ignoreEnvFile: true, load: [workerAppConfig], validate: validateWorkerEnv }),
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<{ worker: WorkerAppConfig }, true>) => ({
        pinoHttp: { level: config.get('worker.logLevel', { infer: true }), autoLogging: false },
      }),
    }),
    DatabaseModule.forRoot({ appName: 'worker', migrate: true }),
    JobsModule.forWorker(),
    TerminusModule.forRoot({ logger: false }),
    // Default process metrics are registered by a provider (below), once per registry: the api's
    // module registers them too, and both modules share one registry when loaded together (tests).
    PrometheusModule.register({ path: '/metrics', controller: WorkerMetricsController, defaultMetrics: { enabled: false } }),
  ],
  controllers: [WorkerHealthController],
  providers: [
    RedisHealthIndicator,
    {
      provide: 'DEFAULT_METRICS',
      useFactory: () => {
        if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
        return true;
      },
    },
  ],
})
export class WorkerModule {}
