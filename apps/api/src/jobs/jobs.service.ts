import { Injectable } from '@nestjs/common';
import { JobNotFound } from '@app/common';
import {
  AggregationService,
  CRITICAL,
  JobQueue,
  type JobView,
  todayUtc,
} from '@app/jobs';
import type { Tenant } from '@app/database';

/**
 * Job control for one organization: every job read is scoped by it (another organization's job is 404).
 * Redis down (with REDIS_URL set) surfaces as the queue's JobsUnavailableError, a domain error the
 * global filter answers with 503 + Retry-After.
 */
@Injectable()
export class JobsService {
  constructor(
    private readonly jobs: JobQueue,
    private readonly aggregation: AggregationService,
  ) {}

  async enqueueAggregate(
    tenant: Tenant,
    date: string | undefined,
  ): Promise<JobView> {
    return this.jobs.addAggregate(
      CRITICAL,
      await this.aggregation.request(tenant, date ?? todayUtc()),
    );
  }

  async get(tenant: Tenant, jobId: string): Promise<JobView> {
    const job = await this.jobs.get(tenant.organizationId, jobId);
    if (!job) throw new JobNotFound();
    return job;
  }

  list(tenant: Tenant, limit: number): Promise<JobView[]> {
    return this.jobs.list(tenant.organizationId, limit);
  }
}
