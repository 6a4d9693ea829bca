import { ApiProperty } from '@nestjs/swagger';

export class AnalyticsDto {
  @ApiProperty({ example: 5 })
  total_customers: number;

  @ApiProperty({ example: 8 })
  total_accounts: number;

  @ApiProperty({ example: 6 })
  active_accounts: number;

  @ApiProperty({ example: 2 })
  inactive_accounts: number;

  @ApiProperty({ example: 1.6, description: 'total_accounts / total_customers (0 when there are no customers)' })
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
