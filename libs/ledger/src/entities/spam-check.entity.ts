import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The optional pre-send spam check of a campaign (SPAMD_URL): one rendered sample scored by
 * spamd. While `pending` or `held`, the campaign's deliveries wait (due at infinity); an
 * operator's release is recorded here with the token's name.
 */
@Entity({ tableName: 'spam_checks' })
@Index({ name: 'spam_checks_status_index', properties: ['status'] })
export class SpamCheck {
  @PrimaryKey({ type: 'uuid' })
  campaignId: string;

  /** pending, passed, held, released, skipped (the check could not be made and cannot be) */
  @Property({ type: 'text' })
  status: string;

  @Property({ type: 'double precision', nullable: true })
  score?: number | null;

  /** The score from which the campaign is held (SPAM_SCORE_HOLD when it was checked). */
  @Property({ type: 'double precision', nullable: true })
  holdScore?: number | null;

  /** The rules that hit: [{name, score, description}]. */
  @Property({ type: 'jsonb', nullable: true })
  rules?: unknown;

  @Property({ type: 'text', nullable: true })
  detail?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  checkedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  releasedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  releasedAt?: Date | null;

  constructor(campaignId: string, status: string, createdAt: Date) {
    this.campaignId = campaignId;
    this.status = status;
    this.createdAt = createdAt;
  }
}
