import { registerAs } from '@nestjs/config';
import { resolve } from 'node:path';
import { DEFAULT_LIST_LIMIT } from '../common/list-limits.js';

export interface AppConfig {
  env: string;
  port: number;
  host: string;
  /** The built admin portal (index.html and assets), served at `/`. */
  portalDir: string;
  corsOrigins: string[];
  logLevel: string;
  requestTimeoutMs: number;
  dataDir: string;
  /** Page size of the lists when the client sends no `limit` (LIST_DEFAULT_LIMIT). */
  listDefaultLimit: number;
}

export const appConfig = registerAs('app', (): AppConfig => {
  const env = process.env;
  return {
    env: env.NODE_ENV ?? 'development',
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    portalDir: resolve(env.PORTAL_DIR ?? 'frontend/dist/portal/browser'),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    requestTimeoutMs: Number(env.REQUEST_TIMEOUT_MS ?? 15_000),
    dataDir: resolve(env.DATA_DIR ?? '.data'),
    listDefaultLimit: Number(env.LIST_DEFAULT_LIMIT || DEFAULT_LIST_LIMIT),
  };
});
