import { ServiceUnavailableException } from '@nestjs/common';
import type {
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorFunction,
} from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';

/**
 * /health of the api and of the worker: Terminus runs the indicators; when one is down the answer
 * is 503 with `Retry-After: 5` and Terminus's per-indicator report (the global filter would
 * flatten it to the error shape).
 */
export async function healthReport(
  health: HealthCheckService,
  indicators: HealthIndicatorFunction[],
  reply: FastifyReply,
): Promise<HealthCheckResult & { status_code?: number }> {
  try {
    return await health.check(indicators);
  } catch (error) {
    if (!(error instanceof ServiceUnavailableException)) throw error;
    reply.status(503).header('Retry-After', '5');
    return {
      ...(error.getResponse() as HealthCheckResult),
      status_code: 503,
    };
  }
}
