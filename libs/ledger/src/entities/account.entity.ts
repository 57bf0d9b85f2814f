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

  /** SMS a day, counted apart from the email limit and not moved by the reputation rules. */
  @Property({ type: 'integer', default: 1000 })
  smsDailyLimit = 1000;

  /** 'active' or 'blocked'. */
  @Property({ type: 'text', default: 'active' })
  status: string = 'active';

  @Property({ type: 'text', nullable: true })
  blockReason?: string | null;

  /**
   * Reputation figures count from here: an operator's unblock starts a fresh window, so the
   * figures that caused the block do not block the account again at once.
   */
  @Property({ type: 'timestamptz', nullable: true })
  windowStart?: Date | null;

  /** Today's counters at windowStart, subtracted from that day's row. */
  @Property({ type: 'jsonb', nullable: true })
  windowBaseline?: Record<string, number> | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  constructor(id: string, dailyLimit: number, timeZone: string) {
    this.id = id;
    this.dailyLimit = dailyLimit;
    this.timeZone = timeZone;
  }
}
