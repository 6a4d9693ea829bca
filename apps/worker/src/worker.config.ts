import { registerAs } from '@nestjs/config';
import { jobsEnvErrors } from '@app/jobs';

export interface WorkerAppConfig {
  host: string;
  logLevel: string;
}

export const workerAppConfig = registerAs('worker', (): WorkerAppConfig => {
  const env = process.env;
  return {
    host: env.HOST ?? '0.0.0.0',
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
  };
});

/**
 * The worker's own variables and the jobs ones. A missing REDIS_URL is refused when the queues are
 * configured (JobsModule.forWorker), with a message saying so.
 */
export function validateWorkerEnv(raw: Record<string, unknown>): Record<string, unknown> {
  const lines = jobsEnvErrors(raw);
  if (raw.LOG_LEVEL !== undefined && !['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(String(raw.LOG_LEVEL))) {
    lines.push('  LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent');
  }
  if (lines.length > 0) throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  return raw;
}
