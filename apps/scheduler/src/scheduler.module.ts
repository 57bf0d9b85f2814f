import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type CoreOptions } from '@postroom/runtime';
import { AccountAdminService } from './accounts/account-admin.service';
import { AccountsController } from './accounts/accounts.controller';
import { ApiTokenGuard } from './auth/api-token.guard';
import { BlacklistController } from './blacklist/blacklist.controller';
import { CampaignSubmitConsumer } from './campaigns/campaign-submit.consumer';
import { CampaignsController } from './campaigns/campaigns.controller';
import { SegmentExportService } from './campaigns/segment-export.service';
import { SubmitCampaignService } from './campaigns/submit-campaign.service';
import { DispatchSweeper } from './dispatch/dispatch-sweeper.service';
import { DispatcherService } from './dispatch/dispatcher.service';
import { AccountDayService } from './quota/account-day.service';
import { QuotaMetrics } from './quota/quota-metrics';

/** Takes campaigns, dispatches due deliveries within each account's daily limit, serves the operator API. */
@Module({})
export class SchedulerModule {
  static forRoot(core: CoreOptions): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [CoreModule.forRoot(core)],
      controllers: [CampaignsController, AccountsController, BlacklistController],
      providers: [
        ApiTokenGuard,
        SubmitCampaignService,
        SegmentExportService,
        CampaignSubmitConsumer,
        AccountDayService,
        AccountAdminService,
        QuotaMetrics,
        DispatcherService,
        DispatchSweeper,
      ],
    };
  }
}
