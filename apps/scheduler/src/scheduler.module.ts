import { Module, type DynamicModule } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import { ApiTokenStore, type Ledger } from '@postroom/ledger';
import { CLOCK, CONFIG, CoreModule, LEDGER, type Clock, type CoreOptions } from '@postroom/runtime';
import { CampaignDeliverability } from './campaigns/campaign-deliverability.service';
import { ComplianceController } from './compliance/compliance.controller';
import { COMPLIANCE_DNS, ComplianceService, complianceDns } from './compliance/compliance.service';
import { SpamGateService, SPAM_CHECKER } from './spam/spam-gate.service';
import { SpamHoldController } from './spam/spam-hold.controller';
import { spamdClientFromUrl } from './spam/spamd.client';
import { AccountAdminService } from './accounts/account-admin.service';
import { AccountDkim } from './accounts/account-dkim';
import { AccountsController } from './accounts/accounts.controller';
import { ApiTokenGuard, OperatorGuard } from './auth/api-token.guard';
import { Authenticator } from './auth/authenticator';
import { AudienceExportService } from './audiences/audience-export.service';
import { AudiencesController } from './audiences/audiences.controller';
import { BlacklistController } from './blacklist/blacklist.controller';
import { CONSOLE_CONTROLLERS, CONSOLE_PROVIDERS } from './console/console.parts';
import { CampaignContent } from './campaigns/campaign-content';
import { CampaignSubmitConsumer } from './campaigns/campaign-submit.consumer';
import { ContentThread } from './campaigns/content-thread';
import { CampaignsController } from './campaigns/campaigns.controller';
import { SegmentExportService } from './campaigns/segment-export.service';
import { SubmitCampaignService } from './campaigns/submit-campaign.service';
import { DispatchLoops } from './dispatch/dispatch-loops';
import { DispatchQueue } from './dispatch/dispatch-queue';
import { DispatchSweeper } from './dispatch/dispatch-sweeper.service';
import { DispatcherService } from './dispatch/dispatcher.service';
import { SmsDispatchLoop } from './dispatch/sms-dispatch.loop';
import { SmsDispatcherService } from './dispatch/sms-dispatcher.service';
import { AccountDayService } from './quota/account-day.service';
import { QuotaMetrics } from './quota/quota-metrics';
import { TokenAdmin } from './tokens/token-admin';
import { TokensController } from './tokens/tokens.controller';

/** Takes campaigns, dispatches due deliveries within each account's daily limit, serves the operator API. */
@Module({})
export class SchedulerModule {
  static forRoot(core: CoreOptions): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [CoreModule.forRoot(core)],
      controllers: [
        CampaignSubmitConsumer,
        CampaignsController,
        AccountsController,
        BlacklistController,
        TokensController,
        ...CONSOLE_CONTROLLERS,
        AudiencesController,
        ComplianceController,
        SpamHoldController,
      ],
      providers: [
        Authenticator,
        ApiTokenGuard,
        OperatorGuard,
        {
          provide: TokenAdmin,
          inject: [LEDGER, ApiTokenStore, CLOCK],
          useFactory: (ledger: Ledger, store: ApiTokenStore, clock: Clock) =>
            new TokenAdmin(ledger, store, clock),
        },
        SubmitCampaignService,
        CampaignContent,
        ContentThread,
        SegmentExportService,
        AudienceExportService,
        AccountDayService,
        AccountAdminService,
        AccountDkim,
        QuotaMetrics,
        DispatchQueue,
        DispatcherService,
        DispatchSweeper,
        DispatchLoops,
        SmsDispatcherService,
        SmsDispatchLoop,
        ...CONSOLE_PROVIDERS,
        ComplianceService,
        { provide: COMPLIANCE_DNS, inject: [CONFIG], useFactory: complianceDns },
        CampaignDeliverability,
        SpamGateService,
        {
          provide: SPAM_CHECKER,
          inject: [CONFIG],
          useFactory: (c: ConfigOf<typeof schedulerEnv>) =>
            c.SPAMD_URL ? spamdClientFromUrl(c.SPAMD_URL, { timeoutMs: c.SPAM_CHECK_TIMEOUT_MS }) : null,
        },
      ],
    };
  }
}
