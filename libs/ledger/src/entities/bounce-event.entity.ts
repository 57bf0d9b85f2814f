import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Delivery } from './delivery.entity';

/**
 * One classified failure or complaint of one delivery (SMTP-time, DSN or ARF). What it counted
 * as is unique per delivery: a replayed report finds its row and moves nothing again, however
 * many bounce instances receive it.
 */
@Entity({ tableName: 'bounce_events' })
@Index({ name: 'bounce_events_account_email_at_index', properties: ['accountId', 'emailNormalized', 'at'] })
// failures not yet told to the campaign's from-address, for the notice scheduler
@Index({
  name: 'bounce_events_unnoticed_index',
  expression: `create index "bounce_events_unnoticed_index" on "bounce_events" ("campaign_id") where "notice_id" is null`,
})
@Unique({ name: 'bounce_events_delivery_id_counted_as_unique', properties: ['deliveryId', 'countedAs'] })
export class BounceEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Delivery, {
    mapToPk: true,
    fieldName: 'delivery_id',
    updateRule: 'no action',
    deleteRule: 'cascade',
  })
  deliveryId: string;

  @Property({ type: 'uuid' })
  campaignId: string;

  @Property({ type: 'text' })
  accountId: string;

  @Property({ type: 'text' })
  emailNormalized: string;

  /** bounce or complaint */
  @Property({ type: 'text' })
  kind: string;

  /** smtp, dsn or complaint */
  @Property({ type: 'text' })
  source: string;

  /** The taxonomy of test/fixtures/bounces (userunknown, mailboxfull, feedback, …). */
  @Property({ type: 'text' })
  reason: string;

  @Property({ type: 'boolean' })
  hard: boolean;

  @Property({ type: 'text', nullable: true })
  statusCode?: string | null;

  @Property({ type: 'text', nullable: true })
  replyCode?: string | null;

  /** Plain text, one line, at most 1000 characters: safe to show anywhere. */
  @Property({ type: 'text', nullable: true })
  diagnostic?: string | null;

  @Property({ type: 'text', nullable: true })
  feedbackType?: string | null;

  @Property({ type: 'boolean', default: false })
  blacklisted = false;

  /** hard-bounce, complaint, error or soft: once per delivery each (null on rows older than the rule). */
  @Property({ type: 'text', nullable: true })
  countedAs?: string | null;

  /** The error notice that reported it to the campaign's from-address. */
  @Property({ type: 'bigint', nullable: true })
  noticeId?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at: Date = new Date();

  constructor(
    deliveryId: string,
    campaignId: string,
    accountId: string,
    emailNormalized: string,
    kind: string,
    source: string,
    reason: string,
    hard: boolean,
  ) {
    this.deliveryId = deliveryId;
    this.campaignId = campaignId;
    this.accountId = accountId;
    this.emailNormalized = emailNormalized;
    this.kind = kind;
    this.source = source;
    this.reason = reason;
    this.hard = hard;
  }
}
