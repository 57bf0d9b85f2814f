import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type CoreOptions } from '@postroom/runtime';
import { ApiTokenGuard } from './auth/api-token.guard';
import { CampaignSubmitConsumer } from './campaigns/campaign-submit.consumer';
import { CampaignsController } from './campaigns/campaigns.controller';
import { SegmentExportService } from './campaigns/segment-export.service';
import { SubmitCampaignService } from './campaigns/submit-campaign.service';
import { DispatchSweeper } from './dispatch/dispatch-sweeper.service';
import { DispatcherService } from './dispatch/dispatcher.service';

/** Takes campaigns, dispatches due deliveries, serves the operator API. */
@Module({})
export class SchedulerModule {
  static forRoot(core: CoreOptions): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [CoreModule.forRoot(core)],
      controllers: [CampaignsController],
      providers: [
        ApiTokenGuard,
        SubmitCampaignService,
        SegmentExportService,
        CampaignSubmitConsumer,
        DispatcherService,
        DispatchSweeper,
      ],
    };
  }
}
