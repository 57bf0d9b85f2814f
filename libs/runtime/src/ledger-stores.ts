import type { Provider } from '@nestjs/common';
import {
  AccountStore,
  ApiTokenStore,
  AudienceStore,
  BlacklistStore,
  BounceEventStore,
  CampaignStateStore,
  CampaignStore,
  ConsoleSessionStore,
  ConsoleStore,
  ComplianceStore,
  DeliveryStore,
  EngagementStore,
  LinkStore,
  NoticeStore,
  OutboxStore,
  QuarantineStore,
  QuotaDayStore,
  SenderLeaseStore,
  SigningDomainStore,
  SpamCheckStore,
  ThrottleStore,
  TrackingStore,
  type Ledger,
} from '@postroom/ledger';
import { LEDGER } from './tokens';

/**
 * Every ledger store as a provider, injected by class: services get their stores through DI,
 * so a unit test can hand them fakes (STYLE.md §13). The stores hold no state; OutboxStore
 * drains in its own transaction and so gets the ledger.
 */
export const LEDGER_STORES: Provider[] = [
  AccountStore,
  ApiTokenStore,
  AudienceStore,
  AudienceStore,
  BlacklistStore,
  BounceEventStore,
  CampaignStateStore,
  CampaignStore,
  ConsoleSessionStore,
  ConsoleStore,
  ComplianceStore,
  DeliveryStore,
  EngagementStore,
  LinkStore,
  NoticeStore,
  QuarantineStore,
  QuotaDayStore,
  SenderLeaseStore,
  SigningDomainStore,
  SpamCheckStore,
  ThrottleStore,
  TrackingStore,
  { provide: OutboxStore, inject: [LEDGER], useFactory: (ledger: Ledger) => new OutboxStore(ledger) },
];
