import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { TenancyModule } from '@app/database';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [AuthModule, TenancyModule],
  controllers: [UsersController],
  providers: [UsersService],
})
export class UsersModule {}
