import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An inbound message kept aside with its cause (malformed, not a bounce, not ours, naming
 * another recipient, …), for QUARANTINE_DAYS: the purge walks the arrival time.
 */
@Entity({ tableName: 'quarantine' })
@Index({ name: 'quarantine_received_at_index', properties: ['receivedAt'] })
export class QuarantinedMessage {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  receivedAt: Date = new Date();

  /** smtp or broker */
  @Property({ type: 'text' })
  source: string;

  /** malformed, not-a-bounce, unmatched, not-our-recipient, recipient-mismatch or not-a-complaint */
  @Property({ type: 'text' })
  cause: string;

  @Property({ type: 'text', nullable: true })
  detail?: string | null;

  @Property({ type: 'text', nullable: true })
  envelopeTo?: string | null;

  /** The message's size as it arrived, in bytes. */
  @Property({ type: 'integer' })
  size: number;

  /** Its first 256 KB at most: shorter than `size` when cut. */
  @Property({ type: 'blob', nullable: true })
  raw?: Buffer | null;

  constructor(source: string, cause: string, size: number) {
    this.source = source;
    this.cause = cause;
    this.size = size;
  }
}
