import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  LIMIT_DESCRIPTION,
  MAX_PAGE_SIZE,
  toInteger,
} from '../../common/pagination.js';
import {
  CUSTOMER_SORTS,
  type CustomerSort,
  type SortOrder,
} from '../customers.repository.js';

const trim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value;
const trimLower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class CustomerBodyDto {
  @ApiProperty({
    example: 'Acme Corporation',
    minLength: 1,
    maxLength: 255,
    description: 'Trimmed',
  })
  @Transform(trim)
  @IsString()
  @Length(1, 255)
  name: string;

  @ApiProperty({
    example: 'billing@acme.example',
    maxLength: 320,
    description: 'Stored lower-cased; unique within the organization',
  })
  @Transform(trimLower)
  @IsString()
  @MaxLength(320)
  @IsEmail({}, { message: 'must be a valid e-mail address' })
  email: string;
}

export class CreateCustomerDto extends CustomerBodyDto {}
export class UpdateCustomerDto extends CustomerBodyDto {}

/** Like PageQueryDto, with a longer cursor: it carries the last row's sort key (a name can be 255 characters). */
export class ListCustomersQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    description: LIMIT_DESCRIPTION,
  })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'Opaque cursor from the Link: <...>; rel="next" response header (valid for the same sort and order)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'is not a valid cursor' })
  cursor?: string;

  @ApiPropertyOptional({
    description: 'Case-insensitive match on name or e-mail',
    example: 'acme',
  })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  q?: string;

  @ApiPropertyOptional({
    enum: CUSTOMER_SORTS,
    default: 'created_at',
    description:
      'Sort key (name is compared case-insensitively); ties are broken by id',
  })
  @IsOptional()
  @IsIn(CUSTOMER_SORTS, {
    message: `must be one of ${CUSTOMER_SORTS.join(', ')}`,
  })
  sort?: CustomerSort;

  @ApiPropertyOptional({
    enum: ['asc', 'desc'],
    description:
      'Default: desc for created_at (newest first), asc for name and email',
  })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'must be asc or desc' })
  order?: SortOrder;
}

export class CustomerDto {
  @ApiProperty({ example: 42 })
  id: number;

  @ApiProperty({ example: 'Acme Corporation' })
  name: string;

  @ApiProperty({ example: 'billing@acme.example' })
  email: string;

  @ApiProperty({ example: '2026-11-25T12:00:00.000Z' })
  created_at: string;

  @ApiProperty({ example: '2026-11-25T12:00:00.000Z' })
  updated_at: string;
}
