import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A sending account: its daily limit, time zone and whether it may send. */
@Entity({ tableName: 'accounts' })
export class Account {
  @PrimaryKey({ type: 'text' })
  id: string;

  @Property({ type: 'integer' })
  dailyLimit: number;

  @Property({ type: 'text' })
  timeZone: string;

  /** 'active' or 'blocked'. */
  @Property({ type: 'text', default: 'active' })
  status: string = 'active';

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  constructor(id: string, dailyLimit: number, timeZone: string) {
    this.id = id;
    this.dailyLimit = dailyLimit;
    this.timeZone = timeZone;
  }
}
