import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { ParseJobIdPipe } from '../common/parse-id.pipe.js';
import { ApiSignedIn } from '../auth/auth.decorators.js';
import { CurrentTenant, type Tenant } from '@app/database';
import {
  DEFAULT_JOBS_LIMIT,
  EnqueueAggregateDto,
  EnqueuedJobDto,
  JobDto,
  ListJobsQueryDto,
} from './dto/jobs.dto.js';
import { JobsService } from './jobs.service.js';

@ApiSignedIn('jobs')
@ApiServiceUnavailableResponse({
  type: ErrorResponseDto,
  description: 'Redis (REDIS_URL) unreachable; Retry-After is set',
})
@Controller('api/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Post('aggregate')
  @HttpCode(202)
  @ApiOperation({
    summary:
      "Compute and store the organization's totals for one day (default today, UTC) on the critical queue",
    description:
      'While a job for the same day is waiting or running, that job is answered instead of a second one.',
  })
  @ApiAcceptedResponse({ type: EnqueuedJobDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async aggregate(
    @CurrentTenant() tenant: Tenant,
    @Body() dto: EnqueueAggregateDto,
  ): Promise<EnqueuedJobDto> {
    const job = await this.jobs.enqueueAggregate(tenant, dto.date);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return { job_id: job.job_id, queue: job.queue, state: job.state };
  }

  @Get()
  @ApiOperation({ summary: "The organization's recent jobs, newest first" })
  @ApiOkResponse({ type: [JobDto] })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  list(
    @CurrentTenant() tenant: Tenant,
    @Query() query: ListJobsQueryDto,
  ): Promise<JobDto[]> {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return this.jobs.list(tenant, query.limit ?? DEFAULT_JOBS_LIMIT);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'State, progress, attempts, result or failure reason of one job',
  })
  @ApiOkResponse({ type: JobDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Not a job id',
  })
  get(
    @CurrentTenant() tenant: Tenant,
    @Param('id', ParseJobIdPipe) id: string,
  ): Promise<JobDto> {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- response DTO classes are Swagger shapes with no methods or private state; a literal with their fields is one
    return this.jobs.get(tenant, id);
  }
}
