import { Account } from './account.entity';
import { BlacklistEntry } from './blacklist-entry.entity';
import { Campaign } from './campaign.entity';
import { DeliveryEvent } from './delivery-event.entity';
import { LimitChange } from './limit-change.entity';
import { Delivery } from './delivery.entity';
import { OutboxMessage } from './outbox-message.entity';
import { QuotaDay } from './quota-day.entity';

export { Account, BlacklistEntry, Campaign, Delivery, DeliveryEvent, LimitChange, OutboxMessage, QuotaDay };
export const ENTITIES = [
  Account,
  Campaign,
  Delivery,
  DeliveryEvent,
  BlacklistEntry,
  QuotaDay,
  OutboxMessage,
  LimitChange,
];
