import { Module } from '@nestjs/common';
import { JobsModule as JobsFeatureModule } from '@app/jobs';
import { AnalyticsHistoryController } from './analytics-history.controller.js';
import { AnalyticsHistoryService } from './analytics-history.service.js';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';

/** The api side of jobs: producers and job control, stored history. */
@Module({
  imports: [JobsFeatureModule.forApi()],
  controllers: [JobsController, AnalyticsHistoryController],
  providers: [JobsService, AnalyticsHistoryService],
})
export class JobsApiModule {}
