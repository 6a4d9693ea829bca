import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createPrimaryDataSource,
  DEMO_PASSWORD,
  DEMO_USERNAME,
  runMigrationsWithLock,
  seedDemoData,
  startEmbeddedDatabaseIfNeeded,
} from '@app/database';
import { configureApp, createAdapter } from './app.setup.js';
import type { AllConfig } from './config/index.js';

/** Until the app's pino logger takes over: Nest's console logger, without the debug chatter. */
function useStartupLogger(): void {
  const verbose = ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');
  Logger.overrideLogger(verbose ? ['log', 'warn', 'error', 'fatal', 'debug', 'verbose'] : ['log', 'warn', 'error', 'fatal']);
}

async function bootstrap(): Promise<void> {
  useStartupLogger();
  const logger = new Logger('Bootstrap');
  // Before the app module is loaded: its configuration reads the URLs this may set.
  const embedded = await startEmbeddedDatabaseIfNeeded(process.env);
  const { AppModule } = await import('./app.module.js');

  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter(Number(process.env.REQUEST_TIMEOUT_MS ?? 15_000)), {
    bufferLogs: true,
  });
  await configureApp(app);
  const config = app.get<ConfigService<AllConfig, true>>(ConfigService);
  const { port, host } = config.get('app', { infer: true });
  await app.listen({ port, host });

  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  logger.log(`listening on ${url} (API docs ${url}/swagger, health ${url}/health)`);
  if (embedded && config.get('database.seed', { infer: true })) {
    logger.log(`demo login: ${DEMO_USERNAME} / ${DEMO_PASSWORD}`);
  }

  // Stop accepting, let in-flight requests finish, close the pools, then the embedded servers.
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    try {
      await app.close();
      await embedded?.stop();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** `main.js migrate`: apply pending migrations (and the demo seed if SEED_DATA=true), then exit. */
async function migrate(): Promise<void> {
  useStartupLogger();
  const logger = new Logger('Migrate');
  const embedded = await startEmbeddedDatabaseIfNeeded(process.env);
  const dataSource = await createPrimaryDataSource(process.env).initialize();
  try {
    const applied = await runMigrationsWithLock(dataSource);
    logger.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'no pending migrations');
    if (process.env.SEED_DATA === 'true' && (await seedDemoData(dataSource))) logger.log('seeded the demo organization');
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

(process.argv[2] === 'migrate' ? migrate() : bootstrap()).catch((error: unknown) => {
  // Configuration errors are written for humans: print the message, not a stack.
  console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
