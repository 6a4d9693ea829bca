import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { trim } from '../../common/dto-fields.js';

export class RegisterDto {
  @ApiProperty({
    example: 'jane.doe',
    minLength: 3,
    maxLength: 64,
    description: 'Letters, digits, ".", "_", "-", "@"',
  })
  @IsString()
  @Length(3, 64)
  @Matches(/^[A-Za-z0-9._@-]+$/, {
    message: 'may contain only letters, digits, ".", "_", "-" and "@"',
  })
  username: string;

  @ApiProperty({
    example: 'correct horse battery',
    minLength: 8,
    maxLength: 128,
  })
  @IsString()
  @Length(8, 128)
  password: string;

  @ApiPropertyOptional({
    example: 'Acme Inc',
    maxLength: 255,
    description: 'Name of the new organization (default: the username)',
  })
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

/** An access token and the refresh token that gets the next one (login and refresh answer this). */
export class TokenPairDto {
  @ApiProperty({
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...',
    description: 'Access token (JWT) for `Authorization: Bearer`',
  })
  token: string;

  @ApiProperty({ example: 'Bearer' })
  token_type: 'Bearer';

  @ApiProperty({
    example: 900,
    description: 'Seconds until the access token expires (JWT_EXPIRES_IN)',
  })
  expires_in: number;

  @ApiProperty({
    example: '42.q5n8m0dJ2b8Vj1yKc3uX7d0fXoZk4b1sH6tLwQe9RrA',
    description:
      'Opaque, single use: POST it to /api/auth/refresh for a new pair. Presenting a spent one again revokes the session.',
  })
  refresh_token: string;

  @ApiProperty({
    example: 2592000,
    description:
      'Seconds until the refresh token expires (REFRESH_TOKEN_TTL_SECONDS)',
  })
  refresh_expires_in: number;
}

export class LoginResponseDto extends TokenPairDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;
}

export class RefreshDto {
  @ApiProperty({
    description: 'The refresh token of the last login or refresh',
  })
  @IsString()
  @IsNotEmpty()
  @Length(1, 256)
  refresh_token: string;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'the-old-password' })
  @IsString()
  @IsNotEmpty()
  @Length(1, 128)
  current_password: string;

  @ApiProperty({ example: 'a-new-long-password', minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128)
  new_password: string;
}

/** GET /api/auth/demo-login: the demo organization's sign-in, shown as a hint on the sign-in page. */
export class DemoLoginDto {
  @ApiProperty({ example: 'admin' })
  username: string;

  @ApiProperty({ example: 'admin123' })
  password: string;
}
