import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ example: 'must be a valid e-mail address' })
  message: string;
}

export class ErrorResponseDto {
  @ApiProperty({ example: 'Customer not found' })
  error: string;

  @ApiProperty({ example: 404 })
  status_code: number;

  @ApiPropertyOptional({ example: '5b1c7a0e-4a59-4a55-9a57-0f1f5f1d2c3e' })
  request_id?: string;

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: 'Present on 400 validation errors',
  })
  details?: FieldErrorDto[];
}

export class MessageResponseDto {
  @ApiProperty({ example: 'Customer deleted successfully' })
  message: string;
}
