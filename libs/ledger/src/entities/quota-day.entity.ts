import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Account } from './account.entity';

/** One local day of an account: how much of its limit it used and how its mail fared. */
@Entity({ tableName: 'quota_days' })
export class QuotaDay {
  @ManyToOne(() => Account, {
    primary: true,
    mapToPk: true,
    fieldName: 'account_id',
    updateRule: 'no action',
  })
  accountId: string;

  @PrimaryKey({ type: 'date' })
  day: string;

  @Property({ type: 'integer' })
  dailyLimit: number;

  @Property({ type: 'integer', default: 0 })
  used = 0;

  /** Accepted by the receiving server (sent) on emails dispatched this day. */
  @Property({ type: 'integer', default: 0 })
  delivered = 0;

  @Property({ type: 'integer', default: 0 })
  hardBounced = 0;

  /** Spam complaints received this day. */
  @Property({ type: 'integer', default: 0 })
  complaints = 0;

  /** Failures that are the sender's own problem (reputation, authentication, content). */
  @Property({ type: 'integer', default: 0 })
  errors = 0;

  /** SMS dispatched this day, against the account's SMS limit (apart from `used`). */
  @Property({ type: 'integer', default: 0 })
  smsUsed = 0;

  /** SMS confirmed by a delivery receipt, of those dispatched this day. */
  @Property({ type: 'integer', default: 0 })
  smsDelivered = 0;

  /** Set when the day was closed and the next limit decided. */
  @Property({ type: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  constructor(accountId: string, day: string, dailyLimit: number) {
    this.accountId = accountId;
    this.day = day;
    this.dailyLimit = dailyLimit;
  }
}
