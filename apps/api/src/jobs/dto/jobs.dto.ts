import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
  type ValidationArguments,
} from 'class-validator';
import { JOB_STATES, QUEUE_NAMES, todayUtc } from '@app/jobs';
import { toInteger } from '../../common/pagination.js';
import { AnalyticsDto } from '../../analytics/dto/analytics.dto.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day (YYYY-MM-DD, UTC), not after today. */
@ValidatorConstraint({ name: 'pastOrToday' })
export class PastOrTodayConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && dayProblem(value) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return dayProblem(String(args.value)) ?? 'must be a date';
  }
}

export function dayProblem(
  value: string,
  today = todayUtc(),
): string | undefined {
  const match = DAY.exec(value);
  if (!match) return 'must be a date in the form YYYY-MM-DD';
  const parsed = new Date(`${value}T00:00:00.000Z`);
  if (
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 10) !== value
  )
    return 'must be a real calendar date';
  if (value < '2000-01-01') return 'must not be before 2000-01-01';
  if (value > today) return 'must not be in the future (UTC)';
  return undefined;
}

export class EnqueueAggregateDto {
  @ApiPropertyOptional({
    example: '2026-11-25',
    description:
      'Day to aggregate (UTC), YYYY-MM-DD; default today; not in the future',
  })
  @IsOptional()
  @IsString()
  @Validate(PastOrTodayConstraint)
  date?: string;
}

export class EnqueuedJobDto {
  @ApiProperty({ example: 'agg-12-2026-11-25-3f9c2a7b1d4e' })
  job_id: string;

  @ApiProperty({ enum: QUEUE_NAMES, example: 'critical' })
  queue: string;

  @ApiProperty({ enum: JOB_STATES, example: 'waiting' })
  state: string;
}

/** The organization totals the aggregation job computes: the same figures as GET /api/analytics. */
/** The totals at the end of the job's day, and what its check of the rollups found. */
export class AggregateResultDto extends AnalyticsDto {
  @ApiPropertyOptional({
    example: 0,
    description:
      'Differences found between the analytics rollups and a count of the rows, repaired by the job (0 unless something wrote around the triggers); absent for jobs that ran before the rollups existed',
  })
  rollup_drift?: number;
}

export class JobDataDto {
  @ApiProperty({ example: '2026-11-25' })
  date: string;
}

export class JobDto {
  @ApiProperty({ example: 'agg-12-2026-11-25-3f9c2a7b1d4e' })
  job_id: string;

  @ApiProperty({ enum: QUEUE_NAMES })
  queue: string;

  @ApiProperty({ example: 'aggregate' })
  name: string;

  @ApiProperty({ enum: JOB_STATES })
  state: string;

  @ApiProperty({ minimum: 0, maximum: 100, example: 100 })
  progress: number;

  @ApiProperty({
    example: 1,
    description: 'Attempts made (including a running one)',
  })
  attempts: number;

  @ApiProperty({ type: JobDataDto })
  data: JobDataDto;

  @ApiProperty({
    type: AggregateResultDto,
    nullable: true,
    description: 'Set once completed',
  })
  result: AggregateResultDto | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Last failure (also while a retry is pending)',
  })
  failed_reason: string | null;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  created_at: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11-25T10:00:00.250Z',
  })
  finished_at: string | null;
}

export const DEFAULT_JOBS_LIMIT = 20;

export class ListJobsQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100,
    default: DEFAULT_JOBS_LIMIT,
  })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
