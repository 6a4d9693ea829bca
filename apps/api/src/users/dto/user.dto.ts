import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { UserRole } from '@app/database';
import { RegisterDto } from '../../auth/dto/auth.dto.js';

const ROLES: UserRole[] = ['admin', 'member'];

/** Same username and password rules as registration. */
export class CreateUserDto extends PickType(RegisterDto, [
  'username',
  'password',
] as const) {
  @ApiPropertyOptional({ enum: ROLES, default: 'member' })
  @IsOptional()
  @IsIn(ROLES, { message: `must be one of: ${ROLES.join(', ')}` })
  role?: UserRole;
}
