import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { tracing } from '@app/common';
import { type AllConfig, parseEnv, readEnvironment } from '@app/config';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module.js';

/**
 * The worker: processes the critical/default/low queues, serves /health and /metrics on
 * WORKER_PORT. SIGTERM: stop taking jobs, finish the running ones (or leave them to stalled-job
 * recovery after JOBS_SHUTDOWN_GRACE_MS), close the pools, exit. The environment is parsed once,
 * before anything starts, by the parser the api uses (libs/config): the same values are refused
 * with the same message.
 */
async function bootstrap(): Promise<void> {
  const parsed = parseEnv(readEnvironment());
  const logger = new NestLogger('Worker');
  const app = await NestFactory.create<NestFastifyApplication>(
    WorkerModule.forRoot(parsed),
    new FastifyAdapter(),
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest's options classes only declare optional fields; a literal is what its docs pass
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  const config = app.get<ConfigService<AllConfig, true>>(ConfigService);
  const port = config.get('jobs.workerPort', { infer: true });
  const host = config.get('worker.host', { infer: true });
  await app.listen({ port, host });
  const metricsPort = config.get('metrics.port', { infer: true });
  logger.log(
    metricsPort === undefined
      ? `worker ready: /health and /metrics on ${host}:${port}`
      : `worker ready: /health on ${host}:${port}, /metrics on ${host}:${metricsPort}`,
  );
  if (tracing().enabled) logger.log(tracing().summary);

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing running jobs, then exiting`);
    try {
      await app.close();
      await tracing().shutdown(); // the spans still buffered
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

bootstrap().catch((error: unknown) => {
  console.error(
    `Worker start-up failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
