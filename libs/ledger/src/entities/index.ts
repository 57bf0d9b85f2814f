import { Account } from './account.entity';
import { ApiToken } from './api-token.entity';
import { BlacklistAudit } from './blacklist-audit.entity';
import { BlacklistEntry } from './blacklist-entry.entity';
import { BounceEvent } from './bounce-event.entity';
import { CampaignAudit } from './campaign-audit.entity';
import { CampaignLink } from './campaign-link.entity';
import { Campaign } from './campaign.entity';
import { ConsoleSession } from './console-session.entity';
import { DeliveryEvent } from './delivery-event.entity';
import { LimitChange } from './limit-change.entity';
import { Delivery } from './delivery.entity';
import { Notice } from './notice.entity';
import { OutboxMessage } from './outbox-message.entity';
import { QuarantinedMessage } from './quarantined-message.entity';
import { QuotaDay } from './quota-day.entity';
import { SenderLease } from './sender-lease.entity';
import { SigningDomain } from './signing-domain.entity';
import { SpamCheck } from './spam-check.entity';
import { ThrottledGroup } from './throttled-group.entity';
import { TrackingEvent } from './tracking-event.entity';

export {
  Account,
  ApiToken,
  BlacklistAudit,
  BlacklistEntry,
  BounceEvent,
  Notice,
  QuarantinedMessage,
  Campaign,
  CampaignAudit,
  CampaignLink,
  ConsoleSession,
  Delivery,
  DeliveryEvent,
  LimitChange,
  OutboxMessage,
  QuotaDay,
  SenderLease,
  SigningDomain,
  SpamCheck,
  ThrottledGroup,
  TrackingEvent,
};
export const ENTITIES = [
  Account,
  Campaign,
  Delivery,
  DeliveryEvent,
  BlacklistEntry,
  QuotaDay,
  OutboxMessage,
  LimitChange,
  CampaignLink,
  TrackingEvent,
  BlacklistAudit,
  BounceEvent,
  QuarantinedMessage,
  Notice,
  ApiToken,
  SigningDomain,
  SenderLease,
  CampaignAudit,
  ConsoleSession,
  ThrottledGroup,
  SpamCheck,
];
