import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** An inbound message kept aside: malformed, not a bounce, or matching no delivery of ours. */
@Entity({ tableName: 'quarantine' })
export class QuarantinedMessage {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  receivedAt: Date = new Date();

  /** smtp or broker */
  @Property({ type: 'text' })
  source: string;

  /** malformed, not-a-bounce or unmatched */
  @Property({ type: 'text' })
  cause: string;

  @Property({ type: 'text', nullable: true })
  detail?: string | null;

  @Property({ type: 'text', nullable: true })
  envelopeTo?: string | null;

  @Property({ type: 'integer' })
  size: number;

  @Property({ type: 'blob', nullable: true })
  raw?: Buffer | null;

  constructor(source: string, cause: string, size: number) {
    this.source = source;
    this.cause = cause;
    this.size = size;
  }
}
