import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** An address an account never sends to again, with why and from where. */
@Entity({ tableName: 'blacklist' })
// operators list the blacklist by reason
@Index({ name: 'blacklist_reason_index', properties: ['accountId', 'reason'] })
export class BlacklistEntry {
  @PrimaryKey({ type: 'text' })
  accountId: string;

  @PrimaryKey({ type: 'text' })
  emailNormalized: string;

  @Property({ type: 'text' })
  reason: string;

  /** smtp, dsn, complaint, operator, unsubscribe */
  @Property({ type: 'text' })
  source: string;

  @Property({ type: 'bigint', nullable: true })
  deliveryId?: string | null;

  @Property({ type: 'text', nullable: true })
  diagnostic?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  /**
   * Soft reasons only (repeated temporary failures): the entry stops counting after this instant
   * (SOFT_SUPPRESSION_DAYS). Null for good: hard bounces, complaints, unsubscribes, operators.
   */
  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  constructor(accountId: string, emailNormalized: string, reason: string, source: string) {
    this.accountId = accountId;
    this.emailNormalized = emailNormalized;
    this.reason = reason;
    this.source = source;
  }
}
