import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CustomerBodyDto {
  @ApiProperty({ example: 'Acme Corporation', minLength: 1, maxLength: 255, description: 'Trimmed' })
  @Transform(trim)
  @IsString()
  @Length(1, 255)
  name: string;

  @ApiProperty({ example: 'billing@acme.example', maxLength: 320, description: 'Stored lower-cased; unique within the organization' })
  @Transform(trimLower)
  @IsString()
  @MaxLength(320)
  @IsEmail({}, { message: 'must be a valid e-mail address' })
  email: string;
}

export class CreateCustomerDto extends CustomerBodyDto {}
export class UpdateCustomerDto extends CustomerBodyDto {}

export class ListCustomersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Case-insensitive match on name or e-mail', example: 'acme' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  q?: string;
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
