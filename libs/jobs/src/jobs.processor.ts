import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { UnrecoverableError } from 'bullmq';
import type { Histogram } from 'prom-client';
import { AggregationService } from './aggregation.service.js';
import { JobQueue } from './job-queue.js';
import {
  AGGREGATE,
  AGGREGATE_ALL,
  type AggregatePayload,
  JOB_NAMES,
  type JobName,
  type JobPayloads,
  type JobResults,
  LOW,
  todayUtc,
} from './jobs.constants.js';
import { tracing, UnknownJobError } from '@app/common';
import { parseLsn, Tenant } from '@app/database';
import { JOB_DURATION } from './jobs.metrics.js';

/** What a handler needs of a job: a BullMQ Job has it, and so does a pg-boss job (see PgBossJobQueue). */
export interface RunnableJob<T = unknown> {
  id?: string;
  name: string;
  queueName: string;
  data: T;
  /** Attempts made before this one. */
  attemptsMade: number;
  updateProgress(progress: number): Promise<void>;
}

type Handlers = {
  [N in JobName]: (job: RunnableJob<JobPayloads[N]>) => Promise<JobResults[N]>;
};

/** Fails start-up when a job name has no handler (a name added to JOB_NAMES without one). */
export function assertEveryJobHandled(
  handlers: Partial<Record<string, unknown>>,
  names: readonly string[] = JOB_NAMES,
): void {
  const missing = names.filter((name) => typeof handlers[name] !== 'function');
  if (missing.length > 0) throw new UnknownJobError(missing.join(', '));
}

/**
 * The one processor: every job's code, one handler per job name, for every queue and both
 * backends. JobWorkers registers it, the same way in the worker process and in the api: on BullMQ
 * Workers (REDIS_URL) or on pg-boss workers (without it). It is deliberately not an
 * `@Processor(queue)` class of @nestjs/bullmq: that registration is one class per queue with
 * options fixed when the class is declared (ours come from the configuration), and it cannot run
 * the same class on pg-boss; like immich, we create the workers per queue from the configuration
 * and send every job through one dispatcher.
 */
@Injectable()
export class JobsProcessor implements OnModuleInit {
  private readonly logger = new Logger('Jobs');
  private readonly handlers: Handlers = {
    [AGGREGATE]: (job) => this.aggregate(job),
    [AGGREGATE_ALL]: (job) => this.aggregateAll(job),
  };

  constructor(
    private readonly aggregation: AggregationService,
    private readonly jobs: JobQueue,
    @InjectMetric(JOB_DURATION)
    private readonly duration: Histogram<'queue' | 'name'>,
  ) {}

  onModuleInit(): void {
    assertEveryJobHandled(this.handlers);
  }

  async process(job: RunnableJob): Promise<unknown> {
    const handler = (
      this.handlers as Partial<
        Record<string, (job: RunnableJob) => Promise<unknown>>
      >
    )[job.name];
    // An unknown name cannot succeed on a retry: fail it at once.
    if (!handler)
      throw new UnrecoverableError(new UnknownJobError(job.name).message);
    const stop = this.duration.startTimer({
      queue: job.queueName,
      name: job.name,
    });
    try {
      const traced = tracing();
      if (!traced.enabled) return await handler(job);
      return await traced.job(
        {
          system: this.jobs.mode === 'redis' ? 'bullmq' : 'pg-boss',
          queue: job.queueName,
          name: job.name,
          id: job.id,
          attempt: job.attemptsMade,
          enqueuedIn: (job.data as Partial<AggregatePayload> | undefined)
            ?.trace_context,
        },
        () => handler(job),
      );
    } finally {
      stop();
    }
  }

  private async aggregate(
    job: RunnableJob<JobPayloads[typeof AGGREGATE]>,
  ): Promise<JobResults[typeof AGGREGATE]> {
    const { organization_id: organizationId, date } = job.data;
    await job.updateProgress(10);
    // The payload is ours (enqueued by JobsService or the fan-out): a trusted source of the tenant.
    const result = await this.aggregation.aggregate(
      Tenant.of(organizationId),
      date,
      parseLsn(job.data.wal_position) ?? undefined,
    );
    await job.updateProgress(100);
    return result;
  }

  private async aggregateAll(
    job: RunnableJob<JobPayloads[typeof AGGREGATE_ALL]>,
  ): Promise<JobResults[typeof AGGREGATE_ALL]> {
    const date = job.data.date ?? todayUtc();
    const ids = await this.aggregation.organizationIds();
    for (const [index, organizationId] of ids.entries()) {
      await this.jobs.addAggregate(
        LOW,
        await this.aggregation.request(Tenant.of(organizationId), date),
      );
      if (index % 100 === 99)
        await job.updateProgress(Math.floor(((index + 1) * 100) / ids.length));
    }
    await job.updateProgress(100);
    this.logger.log(
      `aggregate-all ${date}: ${ids.length} organization job(s) on "${LOW}"`,
    );
    return { organizations: ids.length };
  }
}
