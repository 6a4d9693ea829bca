import { Module } from '@nestjs/common';
import { TenancyModule } from '@app/database';
import { CustomersModule } from '../customers/customers.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';

@Module({
  imports: [TenancyModule, CustomersModule],
  controllers: [AccountsController],
  providers: [AccountsService, AccountsRepository],
})
export class AccountsModule {}
