import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { toInteger } from '../../common/pagination.js';

export class AnalyticsDto {
  @ApiProperty({ example: 5 })
  total_customers: number;

  @ApiProperty({ example: 8 })
  total_accounts: number;

  @ApiProperty({ example: 6 })
  active_accounts: number;

  @ApiProperty({ example: 2 })
  inactive_accounts: number;

  @ApiProperty({
    example: 1.6,
    description:
      'total_accounts / total_customers (0 when there are no customers)',
  })
  avg_accounts_per_customer: number;
}

export class CustomerAnalyticsDto {
  @ApiProperty({ example: 42 })
  customer_id: number;

  @ApiProperty({ example: 2 })
  total_accounts: number;

  @ApiProperty({ example: 1 })
  active_accounts: number;

  @ApiProperty({ example: 1 })
  inactive_accounts: number;
}

export class DistributionBucketDto {
  @ApiProperty({ example: 2, description: 'A number of accounts' })
  accounts: number;

  @ApiProperty({
    example: 3,
    description: 'How many customers have exactly that many accounts',
  })
  customers: number;
}

export const MAX_GROWTH_DAYS = 366;

export class GrowthQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_GROWTH_DAYS,
    default: 30,
    description: 'How many UTC days, ending today',
  })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(MAX_GROWTH_DAYS)
  days?: number;
}

export class GrowthDayDto {
  @ApiProperty({ example: '2026-11-25', description: 'UTC day' })
  day: string;

  @ApiProperty({ example: 2, description: 'Customers created that day' })
  new_customers: number;

  @ApiProperty({ example: 3, description: 'Accounts created that day' })
  new_accounts: number;

  @ApiProperty({ example: 0, description: 'Customers deleted that day' })
  deleted_customers: number;

  @ApiProperty({
    example: 1,
    description: 'Accounts deleted that day (with their customer or alone)',
  })
  deleted_accounts: number;

  @ApiProperty({
    example: 40,
    description: 'Customers that existed at the end of that day',
  })
  total_customers: number;

  @ApiProperty({
    example: 64,
    description: 'Accounts that existed at the end of that day',
  })
  total_accounts: number;

  @ApiProperty({
    example: 50,
    description: 'Of those, active at the end of that day',
  })
  active_accounts: number;

  @ApiProperty({
    example: 14,
    description: 'Of those, inactive at the end of that day',
  })
  inactive_accounts: number;
}

export const DEFAULT_HISTORY_DAYS = 30;

export class HistoryQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 366,
    default: DEFAULT_HISTORY_DAYS,
  })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(366)
  days?: number;
}

export class HistoryDayDto extends GrowthDayDto {
  @ApiProperty({
    example: 1.6,
    description:
      'total_accounts / total_customers at the end of that day (0 without customers)',
  })
  avg_accounts_per_customer: number;

  @ApiProperty({
    example: 1,
    description: 'Accounts whose status changed to active that day',
  })
  activated_accounts: number;

  @ApiProperty({
    example: 2,
    description: 'Accounts whose status changed to inactive that day',
  })
  deactivated_accounts: number;
}
