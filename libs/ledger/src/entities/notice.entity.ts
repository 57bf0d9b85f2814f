import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Campaign } from './campaign.entity';

/** An error notice to a campaign's from-address; Postroom's own mail, outside the daily limit. */
@Entity({ tableName: 'notices' })
@Index({ properties: ['campaignId', 'createdAt'] })
export class Notice {
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

  @Property({ type: 'text' })
  toAddress: string;

  @Property({ type: 'text' })
  subject: string;

  @Property({ type: 'text' })
  body: string;

  /** queued, sending, retrying, sent, failed or unknown */
  @Property({ type: 'text', default: 'queued' })
  status = 'queued';

  @Property({ type: 'text', nullable: true })
  smtpReply?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  sentAt?: Date | null;

  constructor(campaignId: string, accountId: string, toAddress: string, subject: string, body: string) {
    this.campaignId = campaignId;
    this.accountId = accountId;
    this.toAddress = toAddress;
    this.subject = subject;
    this.body = body;
  }
}
