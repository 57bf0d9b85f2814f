import type { Provider, Type } from '@nestjs/common';
import { CampaignControlController } from '../campaigns/campaign-control.controller';
import { CampaignControlService } from '../campaigns/campaign-control.service';
import { BlacklistAdminService } from '../blacklist/blacklist-admin.service';
import { CampaignBoard } from './campaign-board.service';
import { ConsoleAccountsController } from './console-accounts.controller';
import { ConsoleAuthController } from './console-auth.controller';
import { ConsoleAuthGuard } from './console-auth.guard';
import { ConsoleBlacklistController } from './console-blacklist.controller';
import { ConsoleCampaignsController } from './console-campaigns.controller';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleMailController } from './console-mail.controller';
import { ConsoleSessions } from './console-sessions.service';
import { ConsoleViews } from './console-views';

/** The console's and campaign control's controllers and providers, spread into SchedulerModule. */
export const CONSOLE_CONTROLLERS: Type[] = [
  CampaignControlController,
  ConsoleAuthController,
  ConsoleCampaignsController,
  ConsoleAccountsController,
  ConsoleBlacklistController,
  ConsoleMailController,
];

export const CONSOLE_PROVIDERS: Provider[] = [
  CampaignControlService,
  BlacklistAdminService,
  CampaignBoard,
  ConsoleSessions,
  ConsoleAuthGuard,
  ConsoleExceptionFilter,
  ConsoleViews,
];
