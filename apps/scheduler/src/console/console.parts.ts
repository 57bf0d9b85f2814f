import type { Provider, Type } from '@nestjs/common';
import { CampaignStateStore, CampaignStore } from '@postroom/ledger';
import { CampaignControlController } from '../campaigns/campaign-control.controller';
import { CampaignControlService } from '../campaigns/campaign-control.service';

/** The console's and campaign control's controllers and providers, spread into SchedulerModule. */
export const CONSOLE_CONTROLLERS: Type[] = [CampaignControlController];

export const CONSOLE_PROVIDERS: Provider[] = [CampaignStore, CampaignStateStore, CampaignControlService];
