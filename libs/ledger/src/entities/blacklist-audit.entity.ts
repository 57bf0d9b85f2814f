import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** Who added or removed a blacklist entry by hand, when and why (the entry as it was). */
@Entity({ tableName: 'blacklist_audit' })
@Index({ properties: ['accountId', 'emailNormalized'] })
export class BlacklistAudit {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  accountId: string;

  @Property({ type: 'text' })
  emailNormalized: string;

  /** added or removed */
  @Property({ type: 'text' })
  action: string;

  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'text' })
  actor: string;

  @Property({ type: 'jsonb', nullable: true })
  entry?: Record<string, unknown> | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at: Date = new Date();

  constructor(accountId: string, emailNormalized: string, action: string, actor: string) {
    this.accountId = accountId;
    this.emailNormalized = emailNormalized;
    this.action = action;
    this.actor = actor;
  }
}
