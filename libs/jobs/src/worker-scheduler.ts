import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { jobsConfig, type JobsConfig } from './jobs.config.js';
import { AGGREGATE_ALL, AGGREGATE_SCHEDULER_ID, LOW } from './jobs.constants.js';

/**
 * The repeatable "refresh today's snapshot of every organization" job, as a BullMQ job scheduler
 * on `low`: upserted by every worker at start-up (idempotent: one schedule however many workers),
 * removed when AGGREGATE_SCHEDULE=off.
 */
@Injectable()
export class WorkerScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Jobs');

  constructor(
    @InjectQueue(LOW) private readonly low: Queue,
    @Inject(jobsConfig.KEY) private readonly config: JobsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      if (this.config.schedule) {
        await this.low.upsertJobScheduler(AGGREGATE_SCHEDULER_ID, { pattern: this.config.schedule, tz: 'UTC' }, { name: AGGREGATE_ALL, data: {} });
        this.logger.log(`schedule: ${AGGREGATE_ALL} on "${LOW}" at "${this.config.schedule}" (UTC)`);
      } else {
        await this.low.removeJobScheduler(AGGREGATE_SCHEDULER_ID);
        this.logger.log('schedule: off (AGGREGATE_SCHEDULE=off)');
      }
    } catch (error) {
      this.logger.warn(`schedule: could not be registered (${(error as Error).message}); it will be at the next start`);
    }
  }
}
