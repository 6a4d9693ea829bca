import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Length, Matches } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({ example: 'jane.doe', minLength: 3, maxLength: 64, description: 'Letters, digits, ".", "_", "-", "@"' })
  @IsString()
  @Length(3, 64)
  @Matches(/^[A-Za-z0-9._@-]+$/, { message: 'may contain only letters, digits, ".", "_", "-" and "@"' })
  username: string;

  @ApiProperty({ example: 'correct horse battery', minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128)
  password: string;

  @ApiPropertyOptional({ example: 'Acme Inc', maxLength: 255, description: 'Name of the new organization (default: the username)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 255)
  organization?: string;
}

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @IsNotEmpty()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'admin123' })
  @IsString()
  @IsNotEmpty()
  @Length(1, 128)
  password: string;
}

export class UserDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 'jane.doe' })
  username: string;

  @ApiProperty({ example: 'admin', enum: ['admin', 'member'] })
  role: string;

  @ApiProperty({ example: 1 })
  organization_id: number;
}

export class RegisterResponseDto {
  @ApiProperty({ example: 'User registered successfully' })
  message: string;

  @ApiProperty({ type: UserDto })
  user: UserDto;
}

export class LoginResponseDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  token: string;

  @ApiProperty({ example: 'Bearer' })
  token_type: 'Bearer';

  @ApiProperty({ example: 86400, description: 'Seconds until the token expires' })
  expires_in: number;

  @ApiProperty({ type: UserDto })
  user: UserDto;
}
