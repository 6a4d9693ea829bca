import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { JobQueue } from './job-queue.js';

/**
 * `redis` on /health when REDIS_URL is set. Down is "degraded" (200) for the api: every non-job
 * endpoint still works, job endpoints answer 503. The worker, which cannot work without Redis,
 * reports it as down (503).
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly jobs: JobQueue,
  ) {}

  get configured(): boolean {
    return this.jobs.mode === 'redis';
  }

  async check(whenDown: 'degraded' | 'down') {
    const indicator = this.health.check('redis');
    try {
      await this.jobs.ping();
      return indicator.up();
    } catch {
      const message =
        'redis unreachable; job endpoints answer 503 until it returns';
      return whenDown === 'down'
        ? indicator.down({ message: 'redis unreachable' })
        : indicator.degraded({ message });
    }
  }
}
