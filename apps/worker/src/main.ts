import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadEnvFile } from '@app/database';
import type { JobsConfig } from '@app/jobs';
import type { WorkerAppConfig } from './worker.config.js';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module.js';

/**
 * The worker: processes the critical/default/low queues, serves /health and /metrics on
 * WORKER_PORT. SIGTERM: stop taking jobs, finish the running ones (or leave them to stalled-job
 * recovery after JOBS_SHUTDOWN_GRACE_MS), close the pools, exit.
 */
async function bootstrap(): Promise<void> {
  loadEnvFile();
  const logger = new NestLogger('Worker');
  const app = await NestFactory.create<NestFastifyApplication>(WorkerModule, new FastifyAdapter(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  const config = app.get<ConfigService<{ jobs: JobsConfig; worker: WorkerAppConfig }, true>>(ConfigService);
  const port = config.get('jobs.workerPort', { infer: true });
  const host = config.get('worker.host', { infer: true });
  await app.listen({ port, host });
  logger.log(`worker ready: /health and /metrics on ${host}:${port}`);

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing running jobs, then exiting`);
    try {
      await app.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

bootstrap().catch((error: unknown) => {
  console.error(`Worker start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
