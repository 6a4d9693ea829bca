import { Injectable } from '@nestjs/common';
import { CRITICAL, JobQueue, type JobView, JobsUnavailableError, todayUtc } from '@app/jobs';
import { JobNotFound, JobsUnavailable } from '../common/domain-errors.js';
import type { Tenant } from '../common/tenancy/tenancy.js';

/** Redis down (with REDIS_URL set) becomes the domain's JobsUnavailable (503); the rest passes through. */
function rethrowUnavailable(error: unknown): never {
  if (error instanceof JobsUnavailableError) throw new JobsUnavailable();
  throw error;
}

/** Job control for one organization: every job read is scoped by it (another organization's job is 404). */
@Injectable()
export class JobsService {
  constructor(private readonly jobs: JobQueue) {}

  enqueueAggregate(tenant: Tenant, date: string | undefined): Promise<JobView> {
    return this.jobs.addAggregate(CRITICAL, { organization_id: tenant.organizationId, date: date ?? todayUtc() }).catch(rethrowUnavailable);
  }

  async get(tenant: Tenant, jobId: string): Promise<JobView> {
    const job = await this.jobs.get(tenant.organizationId, jobId).catch(rethrowUnavailable);
    if (!job) throw new JobNotFound();
    return job;
  }

  list(tenant: Tenant, limit: number): Promise<JobView[]> {
    return this.jobs.list(tenant.organizationId, limit).catch(rethrowUnavailable);
  }
}
