import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  checkPrimaryReachable,
  createPrimaryDataSource,
  DEMO_PASSWORD,
  DEMO_USERNAME,
  type EmbeddedCluster,
  loadEnvFile,
  runMigrationsWithLock,
  seedDemoData,
  startEmbeddedDatabaseIfNeeded,
} from '@app/database';
import { configureApp, createAdapter } from './app.setup.js';
import { validateEnv } from './config/env.validation.js';
import type { AllConfig } from './config/index.js';

/** Until the app's pino logger takes over: Nest's console logger, without the debug chatter. */
function useStartupLogger(): void {
  const verbose = ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');
  Logger.overrideLogger(verbose ? ['log', 'warn', 'error', 'fatal', 'debug', 'verbose'] : ['log', 'warn', 'error', 'fatal']);
}

/**
 * `.env` is read and the whole environment validated before anything is started, so a bad
 * variable never leaves an embedded PostgreSQL running; the embedded servers are started only
 * when no database is configured, and stopped again on every failure path after that.
 */
async function prepare(): Promise<EmbeddedCluster | undefined> {
  loadEnvFile();
  useStartupLogger();
  validateEnv(process.env);
  await checkPrimaryReachable(process.env);
  return startEmbeddedDatabaseIfNeeded(process.env);
}

async function bootstrap(): Promise<void> {
  const embedded = await prepare();
  const logger = new Logger('Bootstrap');
  let app: NestFastifyApplication | undefined;
  try {
    // Loaded after the embedded start: its configuration reads the URLs that may set.
    const { AppModule } = await import('./app.module.js');
    app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter(Number(process.env.REQUEST_TIMEOUT_MS ?? 15_000)), {
      bufferLogs: true,
      abortOnError: false,
    });
    await configureApp(app);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
  const config = app.get<ConfigService<AllConfig, true>>(ConfigService);
  const { port, host } = config.get('app', { infer: true });
  try {
    await app.listen({ port, host });
  } catch (error) {
    await app.close().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }

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
    // A keep-alive connection whose request was still running at SIGTERM becomes idle only after
    // its response; Node closes idle connections once, when closing starts, so such a connection
    // held the exit for the whole keep-alive timeout (72 s, past Heroku's 30 s). Close them as
    // they become idle.
    const server = app.getHttpServer() as import('node:http').Server;
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    try {
      await app.close();
      clearInterval(sweep);
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
  const embedded = await prepare();
  const logger = new Logger('Migrate');
  let dataSource;
  try {
    dataSource = await createPrimaryDataSource(process.env).initialize();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
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
