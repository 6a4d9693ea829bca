import { Logger } from '@nestjs/common';
import pg from 'pg';
import {
  connectionSettings,
  type DatabaseConfig,
  DatabaseConfigError,
  describeUrl,
} from '@app/config';

const RETRY_DELAY_MS = 1000;
const ATTEMPTS = 4;

interface Diagnosis {
  reason: string;
  check: string;
  /** Worth another try: the server may be starting (a container, a restart). */
  transient: boolean;
}

/** What went wrong, in words, from the error's code only: never its message (it may carry a URL). */
function diagnose(error: unknown, source: string): Diagnosis {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  switch (code) {
    case 'ECONNREFUSED':
      return {
        reason: 'connection refused',
        check: `that PostgreSQL is running there and that ${source} names the right host and port`,
        transient: true,
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        reason: 'host name not found',
        check: `the host name in ${source}`,
        transient: code === 'EAI_AGAIN',
      };
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return {
        reason: 'no answer from the host',
        check: `the host in ${source} and that the network lets this process reach it`,
        transient: true,
      };
    case '57P03':
      return {
        reason: 'the server is starting up or shutting down',
        check: 'the server; it may only need a moment',
        transient: true,
      };
    case '28P01':
      return {
        reason: 'password authentication failed',
        check: `the user name and password in ${source}`,
        transient: false,
      };
    case '28000':
      return {
        reason: 'the server does not accept this client (pg_hba.conf)',
        check: `the user and database in ${source} and the server's pg_hba.conf`,
        transient: false,
      };
    case '3D000':
      return {
        reason: 'the database does not exist',
        check: `the database name in ${source}`,
        transient: false,
      };
    case '53300':
      return {
        reason: 'the server has too many connections',
        check: 'max_connections on the server and DB_POOL_MAX',
        transient: true,
      };
    default:
      if (/timeout/i.test(message)) {
        return {
          reason: 'no answer within DB_CONNECT_TIMEOUT_MS',
          check: `the host and port in ${source} and that the server answers`,
          transient: true,
        };
      }
      if (/ssl|tls/i.test(message)) {
        return {
          reason: 'TLS negotiation failed',
          check: `sslmode in ${source} and DATABASE_SSL`,
          transient: false,
        };
      }
      return {
        reason: `could not connect${typeof code === 'string' ? ` (${code})` : ''}`,
        check: `${source} and the server`,
        transient: false,
      };
  }
}

/**
 * Before anything else starts: connect once to the configured primary and, if that fails, stop
 * with a sentence naming the variable, the host:port/db (never the password), what went wrong and
 * what to check, instead of a driver error object after three retries in the same second.
 * Does nothing when no database is configured (the embedded default is started instead).
 */
export async function checkPrimaryReachable(
  config: DatabaseConfig,
): Promise<void> {
  const { primary, forceSsl, connectTimeoutMs } = config;
  if (!primary) return;
  const logger = new Logger('Database');
  const where = `${describeUrl(primary.url)} (from ${primary.source})`;
  const { url, ssl } = connectionSettings(primary.url, forceSsl);
  for (let attempt = 1; ; attempt += 1) {
    const client = new pg.Client({
      connectionString: url,
      ssl,
      connectionTimeoutMillis: connectTimeoutMs,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      const { reason, check, transient } = diagnose(error, primary.source);
      if (!transient || attempt >= ATTEMPTS) {
        throw new DatabaseConfigError(
          `Cannot connect to the database at ${where}: ${reason}. Check ${check}.`,
        );
      }
      logger.warn(
        `database at ${where}: ${reason}; trying again in ${RETRY_DELAY_MS / 1000} s (${attempt}/${ATTEMPTS - 1})`,
      );
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
  }
}
