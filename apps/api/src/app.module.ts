import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AllConfig, configModule } from '@app/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { tracing } from '@app/common';
import { DatabaseModule } from '@app/database';
import { LoggerModule } from 'nestjs-pino';
import { AccountsModule } from './accounts/accounts.module.js';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { createValidationPipe } from './common/validation.js';
import { CustomersModule } from './customers/customers.module.js';
import { HealthModule } from './health/health.module.js';
import { JobsApiModule } from './jobs/jobs.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { UsersModule } from './users/users.module.js';

/**
 * The api's root module, over the configuration main.ts parsed (parseEnv): `AppModule.forRoot(config)`.
 * Tests parse their own environment the same way (test/support/test-app.ts).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AllConfig, true>) => ({
        // No HTTP middleware: the request line is a Fastify hook (http/request-log.ts), so
        // nestjs-pino provides the logger only (Nest's Logger over pino, PinoLogger.root).
        forRoutes: [],
        pinoHttp: {
          level: config.get('app.logLevel', { infer: true }),
          // With tracing on, every line written in a request or job says which trace it is in.
          ...(tracing().enabled && { mixin: () => tracing().logFields() }),
          // JSON lines for machines; one readable line per entry for a developer at a terminal.
          transport:
            process.stdout.isTTY &&
            config.get('app.env', { infer: true }) !== 'production'
              ? {
                  target: 'pino-pretty',
                  options: {
                    singleLine: true,
                    translateTime: 'SYS:HH:MM:ss.l',
                    ignore: 'pid,hostname',
                  },
                }
              : undefined,
        },
      }),
    }),
    DatabaseModule.forRoot({ appName: 'api', migrate: true }),
    AuthModule,
    CustomersModule,
    UsersModule,
    AccountsModule,
    AnalyticsModule,
    JobsApiModule,
    HealthModule,
    MetricsModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {
  static forRoot(config: Readonly<AllConfig>): DynamicModule {
    return { module: AppModule, imports: [configModule(config)] };
  }
}
