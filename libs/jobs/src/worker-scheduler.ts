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

  onApplicationBootstrap(): Promise<void> {
    return registerSchedule(this.low, this.config.schedule, this.logger);
  }
}

/** Upserts (or, when off, removes) the job scheduler; a failure is logged, never fatal. */
export async function registerSchedule(low: Queue, schedule: string | null, logger: Logger): Promise<void> {
  try {
    if (schedule) {
      await low.upsertJobScheduler(AGGREGATE_SCHEDULER_ID, { pattern: schedule, tz: 'UTC' }, { name: AGGREGATE_ALL, data: {} });
      logger.log(`schedule: ${AGGREGATE_ALL} on "${LOW}" at "${schedule}" (UTC)`);
    } else {
      await low.removeJobScheduler(AGGREGATE_SCHEDULER_ID);
      logger.log('schedule: off (AGGREGATE_SCHEDULE=off)');
    }
  } catch (error) {
    logger.warn(`schedule: could not be registered (${(error as Error).message}); it will be at the next start`);
  }
}
