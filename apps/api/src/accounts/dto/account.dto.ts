import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ACCOUNT_STATUSES, type AccountStatus } from '@app/database';
import { NameField } from '../../common/dto-fields.js';
import { PageQueryDto, toInteger } from '../../common/pagination.js';

const STATUS_MESSAGE = {
  message: `must be one of: ${ACCOUNT_STATUSES.join(', ')}`,
};
const NAME_EXAMPLE = { example: 'Enterprise plan' };

/** The optional `status` filter of the account lists. */
const StatusFilter = () =>
  applyDecorators(
    ApiPropertyOptional({ enum: ACCOUNT_STATUSES }),
    IsOptional(),
    IsIn(ACCOUNT_STATUSES, STATUS_MESSAGE),
  );

export class CreateAccountDto {
  @ApiProperty({
    example: 42,
    description: "A customer of the caller's organization",
  })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  customer_id: number;

  @NameField(NAME_EXAMPLE)
  name: string;

  @ApiPropertyOptional({ enum: ACCOUNT_STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(ACCOUNT_STATUSES, STATUS_MESSAGE)
  status?: AccountStatus;
}

export class UpdateAccountDto {
  @NameField(NAME_EXAMPLE)
  name: string;

  @ApiProperty({ enum: ACCOUNT_STATUSES, example: 'inactive' })
  @IsIn(ACCOUNT_STATUSES, STATUS_MESSAGE)
  status: AccountStatus;
}

export class ListAccountsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 42 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  customer_id?: number;

  @StatusFilter()
  status?: AccountStatus;
}

export class CustomerAccountsQueryDto extends PageQueryDto {
  @StatusFilter()
  status?: AccountStatus;
}

export class AccountDto {
  @ApiProperty({ example: 7 })
  id: number;

  @ApiProperty({ example: 42 })
  customer_id: number;

  @ApiProperty({ example: 'Enterprise plan' })
  name: string;

  @ApiProperty({ enum: ACCOUNT_STATUSES, example: 'active' })
  status: AccountStatus;

  @ApiProperty({ example: '2026-11-25T12:00:00.000Z' })
  created_at: string;

  @ApiProperty({ example: '2026-11-25T12:00:00.000Z' })
  updated_at: string;
}
