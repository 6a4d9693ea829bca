import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { tracing } from '@app/common';
import { type AllConfig, parseEnv, readEnvironment } from '@app/config';
import {
  checkPrimaryReachable,
  createPrimaryDataSource,
  DEMO_PASSWORD,
  DEMO_USERNAME,
  requirePrimary,
  runMigrationsWithLock,
  seedDemoData,
} from '@app/database';
import { configureApp, createAdapter } from './app.setup.js';

/** Until the app's pino logger takes over: Nest's console logger, without the debug chatter. */
function useStartupLogger(logLevel: string): void {
  const verbose = ['debug', 'trace'].includes(logLevel);
  Logger.overrideLogger(
    verbose
      ? ['log', 'warn', 'error', 'fatal', 'debug', 'verbose']
      : ['log', 'warn', 'error', 'fatal'],
  );
}

/**
 * `main.js check`: `.env` read and the whole environment parsed (the same parseEnv as every
 * start, and as the worker's), nothing started: for a deploy step or an operator.
 */
function checkConfiguration(): Readonly<AllConfig> {
  return parseEnv(readEnvironment());
}

/** What npm start's launcher answers when asked for the embedded database (scripts/start.mjs). */
interface EmbeddedDatabase {
  type: 'embedded-database';
  env: Record<string, string>;
}

/**
 * Run by npm start's launcher with no database configured (an IPC channel and
 * EMBEDDED_DATABASE=launcher): only once the configuration is known to be valid, the launcher is
 * asked to start its embedded leader and EMBEDDED_FOLLOWERS followers, and answers with their URLs. One process
 * validates and then serves; a bad variable never starts a PostgreSQL server.
 */
function askLauncherForDatabase(
  followers: number,
): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if ((message as EmbeddedDatabase | null)?.type !== 'embedded-database')
        return;
      process.off('disconnect', onDisconnect);
      process.off('message', onMessage);
      resolve((message as EmbeddedDatabase).env);
    };
    const onDisconnect = () => {
      reject(
        new Error(
          "npm start's launcher went away before the embedded database was ready",
        ),
      );
    };
    process.on('message', onMessage);
    process.once('disconnect', onDisconnect);
    process.send?.({ type: 'start-embedded-database', followers });
  });
}

/** Everything before the app: configuration parsed once, and the configured database answering. */
async function prepare(): Promise<Readonly<AllConfig>> {
  const env = readEnvironment();
  let config = parseEnv(env);
  useStartupLogger(config.app.logLevel);
  if (
    !config.database.primary &&
    process.send &&
    env.EMBEDDED_DATABASE === 'launcher'
  ) {
    config = parseEnv({
      ...env,
      ...(await askLauncherForDatabase(config.database.embeddedFollowers)),
    });
  }
  requirePrimary(config.database);
  await checkPrimaryReachable(config.database);
  return config;
}

async function bootstrap(): Promise<void> {
  const parsed = await prepare();
  const logger = new Logger('Bootstrap');
  const { AppModule } = await import('./app.module.js');
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(parsed),
    createAdapter(parsed.app),
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest's options classes only declare optional fields; a literal is what its docs pass
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  try {
    await configureApp(app);
    const config = app.get<ConfigService<AllConfig, true>>(ConfigService);
    const { port, host } = config.get('app', { infer: true });
    await app.listen({ port, host });
    const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
    logger.log(
      `listening on ${url} (API docs ${url}/swagger, health ${url}/health)`,
    );
    if (config.get('database.seed', { infer: true }))
      logger.log(`demo login: ${DEMO_USERNAME} / ${DEMO_PASSWORD}`);
    if (tracing().enabled) logger.log(tracing().summary);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }

  // Stop accepting, let in-flight requests finish, close the pools, exit.
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${reason}: shutting down`);
    // A keep-alive connection whose request was still running at SIGTERM becomes idle only after
    // its response; Node closes idle connections once, when closing starts, so such a connection
    // held the exit for the whole keep-alive timeout (72 s, past Heroku's 30 s). Close them as
    // they become idle.
    const server = app.getHttpServer();
    const sweep = setInterval(() => {
      server.closeIdleConnections();
    }, 100);
    try {
      await app.close();
      await tracing().shutdown(); // the spans still buffered
    } finally {
      clearInterval(sweep);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // Started by npm start's launcher (an IPC channel): a launcher that dies takes the api with it.
  if (process.send)
    process.on('disconnect', () => void shutdown('launcher gone'));
}

/** `main.js migrate`: apply pending migrations (and the demo seed if SEED_DATA=true), then exit. */
async function migrate(): Promise<void> {
  const config = await prepare();
  const logger = new Logger('Migrate');
  const dataSource = await createPrimaryDataSource(
    config.database,
  ).initialize();
  try {
    const applied = await runMigrationsWithLock(dataSource);
    logger.log(
      applied.length > 0
        ? `applied: ${applied.join(', ')}`
        : 'no pending migrations',
    );
    if (config.database.seed && (await seedDemoData(dataSource)))
      logger.log('seeded the demo organization');
  } finally {
    await dataSource.destroy();
  }
}

const commands: Partial<Record<string, () => Promise<void>>> = {
  // async so that a configuration error becomes the rejection handled below, not a sync throw.
  // eslint-disable-next-line @typescript-eslint/require-await -- see above
  check: async () => void checkConfiguration(),
  migrate,
};
const command = commands[process.argv[2] ?? ''];

(command ? command().then(() => process.exit(0)) : bootstrap()).catch(
  (error: unknown) => {
    // Configuration errors are written for humans: print the message, not a stack.
    console.error(
      `Start-up failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
