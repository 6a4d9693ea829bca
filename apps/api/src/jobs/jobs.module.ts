import { Module } from '@nestjs/common';
import { JobsModule as JobsFeatureModule } from '@app/jobs';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';

/** The api side of jobs: producers and job control (the stored history is served by the analytics module). */
@Module({
  imports: [JobsFeatureModule.forApi()],
  controllers: [JobsController],
  providers: [JobsService],
})
export class JobsApiModule {}
