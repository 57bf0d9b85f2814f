import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Account } from './account.entity';

/** One campaign as submitted; its recipients are deliveries. */
@Entity({ tableName: 'campaigns' })
@Unique({ properties: ['accountId', 'idempotencyKey'] })
@Index({ properties: ['accountId', 'createdAt'] })
export class Campaign {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @ManyToOne(() => Account, { mapToPk: true, fieldName: 'account_id', updateRule: 'no action' })
  accountId: string;

  @Property({ type: 'text' })
  idempotencyKey: string;

  @Property({ type: 'text', fieldName: 'from_address' })
  from: string;

  @Property({ type: 'text' })
  subject: string;

  @Property({ type: 'text' })
  html: string;

  @Property({ type: 'text', nullable: true })
  text?: string | null;

  /** What the template check found on submit: [{severity, element, message}]; null before it ran. */
  @Property({ type: 'jsonb', nullable: true })
  templateReport?: { severity: string; element: string; message: string }[] | null;

  /** 'email' or 'sms'. An SMS campaign has no subject or HTML: `text` is its message. */
  @Property({ type: 'text', default: 'email' })
  channel: 'email' | 'sms' = 'email';

  /** An SMS campaign's sender (E.164, short code or up to 11 letters); null: the sender's SMS_FROM. */
  @Property({ type: 'text', nullable: true })
  smsFrom?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  sendAt?: Date | null;

  /** Recipients accepted into the ledger (each one a delivery row). */
  @Property({ type: 'integer', default: 0 })
  recipientCount = 0;

  /** Recipients listed more than once in the segment (same normalised address): stored once. */
  @Property({ type: 'integer', default: 0 })
  duplicateCount = 0;

  /** Lower sorts first when campaigns of one account share the daily limit. */
  @Property({ type: 'integer', default: 0 })
  priority = 0;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  /** running, paused (the dispatcher claims none of its deliveries) or cancelled (for good). */
  @Property({ type: 'text', default: 'running' })
  state = 'running';

  constructor(accountId: string, idempotencyKey: string, from: string, subject: string, html: string) {
    this.accountId = accountId;
    this.idempotencyKey = idempotencyKey;
    this.from = from;
    this.subject = subject;
    this.html = html;
  }
}
