import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Campaign } from './campaign.entity';
import type { DeliveryStatus } from '@postroom/contracts';

/**
 * One email to one recipient. Its id (a bigint sequence) is also the submission order.
 * Status changes only forward, by guarded updates in delivery-store.ts.
 */
@Entity({ tableName: 'deliveries' })
@Unique({ properties: ['campaignId', 'emailNormalized'] })
@Index({ properties: ['campaignId', 'id'] })
// the dispatcher's claim reads waiting work per account, in priority then submission order
@Index({
  name: 'deliveries_waiting_index',
  expression: `create index "deliveries_waiting_index" on "deliveries" ("account_id", "priority" desc, "id") where "status" in ('queued', 'retrying', 'deferred')`,
})
// what is in flight, for the dispatcher's budget and the sweepers
@Index({
  name: 'deliveries_in_flight_index',
  expression: `create index "deliveries_in_flight_index" on "deliveries" ("updated_at") where "status" in ('dispatched', 'sending')`,
})
@Index({
  name: 'deliveries_held_index',
  expression: `create index "deliveries_held_index" on "deliveries" ("account_id") where "status" = 'held'`,
})
// complaints at the feedback-loop address find their delivery by the Message-ID
@Index({
  name: 'deliveries_message_id_index',
  expression: `create index "deliveries_message_id_index" on "deliveries" ("message_id") where "message_id" is not null`,
})
// an account's advertising audience: the contacts it has sent to, distinct, in address order
@Index({
  name: 'deliveries_sent_contacts_index',
  expression: `create index "deliveries_sent_contacts_index" on "deliveries" ("account_id", "email_normalized") where "sent_at" is not null`,
})
// an inbound STOP finds every account that sent the number an SMS
@Index({
  name: 'deliveries_sms_phone_index',
  expression: `create index "deliveries_sms_phone_index" on "deliveries" ("email_normalized") where "channel" = 'sms'`,
})
export class Delivery {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Campaign, {
    mapToPk: true,
    fieldName: 'campaign_id',
    updateRule: 'no action',
    deleteRule: 'cascade',
  })
  campaignId: string;

  @Property({ type: 'text' })
  accountId: string;

  /** Null for an SMS delivery. */
  @Property({ type: 'text', nullable: true })
  email: string | null;

  /**
   * The recipient's key, the unit of uniqueness, suppression and blacklisting: the lower-cased,
   * trimmed email address, or for an SMS delivery the E.164 phone (which never equals an address).
   */
  @Property({ type: 'text' })
  emailNormalized: string;

  /** 'email' or 'sms', as its campaign's. */
  @Property({ type: 'text', default: 'email' })
  channel: 'email' | 'sms' = 'email';

  /** An SMS delivery's number, E.164. */
  @Property({ type: 'text', nullable: true })
  phone?: string | null;

  @Property({ type: 'text', nullable: true })
  name?: string | null;

  @Property({ type: 'jsonb', nullable: true })
  vars?: Record<string, unknown> | null;

  @Property({ type: 'text' })
  status: DeliveryStatus;

  /** Why a delivery is suppressed, failed or unknown. */
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  /** When the delivery may next be dispatched (send time, retry time, deferred day). */
  @Property({ type: 'timestamptz', nullable: true })
  dueAt?: Date | null;

  @Property({ type: 'smallint', default: 0 })
  attempts = 0;

  /** Copied from the campaign: higher goes first when campaigns share the daily limit. */
  @Property({ type: 'smallint', default: 0 })
  priority = 0;

  /** The account day whose quota the last dispatch used (given back if the email never left). */
  @Property({ type: 'date', nullable: true })
  quotaDay?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  sentAt?: Date | null;

  /** The receiving server's last reply, verbatim. */
  @Property({ type: 'text', nullable: true })
  smtpReply?: string | null;

  @Property({ type: 'text', nullable: true })
  messageId?: string | null;

  /** First open or click by a person: the delivery was read. */
  @Property({ type: 'timestamptz', nullable: true })
  readAt?: Date | null;

  /** First machine-made open (scanner, proxy, prefetch): recorded, reported apart. */
  @Property({ type: 'timestamptz', nullable: true })
  readMachineAt?: Date | null;

  /** First click by a person (a click is a read too). */
  @Property({ type: 'timestamptz', nullable: true })
  clickedAt?: Date | null;

  /** First machine-made click (security gateway: HEAD, scanner agent or range, too soon, link sweep). */
  @Property({ type: 'timestamptz', nullable: true })
  clickedMachineAt?: Date | null;

  /** The sender lease under which it is `sending`: when that lease lapses, the send is `unknown`. */
  @Property({ type: 'uuid', nullable: true })
  leaseId?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  constructor(
    campaignId: string,
    accountId: string,
    email: string | null,
    emailNormalized: string,
    status: DeliveryStatus,
  ) {
    this.campaignId = campaignId;
    this.accountId = accountId;
    this.email = email;
    this.emailNormalized = emailNormalized;
    this.status = status;
  }
}
