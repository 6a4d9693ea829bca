import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { NameField } from '../../common/dto-fields.js';
import { CursorQuery, LimitQuery } from '../../common/pagination.js';
import {
  CUSTOMER_SORTS,
  type CustomerSort,
  type SortOrder,
} from '../customers.repository.js';

const trimLower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class CustomerBodyDto {
  @NameField({ example: 'Acme Corporation', description: 'Trimmed' })
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
  @LimitQuery()
  limit?: number;

  @CursorQuery(
    2048,
    'Opaque cursor from the Link: <...>; rel="next" response header (valid for the same sort and order)',
  )
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
