import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** How much of an account's daily limit one local day has used. */
@Entity({ tableName: 'quota_days' })
export class QuotaDay {
  @PrimaryKey({ type: 'text' })
  accountId: string;

  @PrimaryKey({ type: 'date' })
  day: string;

  @Property({ type: 'integer' })
  dailyLimit: number;

  @Property({ type: 'integer', default: 0 })
  used = 0;

  constructor(accountId: string, day: string, dailyLimit: number) {
    this.accountId = accountId;
    this.day = day;
    this.dailyLimit = dailyLimit;
  }
}
