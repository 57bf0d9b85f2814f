import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A running sender instance. It renews `expiresAt` with a heartbeat; once that instant has
 * passed, the instance is taken for dead and its `sending` deliveries become `unknown`.
 */
@Entity({ tableName: 'sender_leases' })
export class SenderLease {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  /** Host name and process id, for the operator reading the table. */
  @Property({ type: 'text' })
  holder: string;

  @Property({ type: 'timestamptz' })
  startedAt: Date;

  @Property({ type: 'timestamptz' })
  heartbeatAt: Date;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  constructor(id: string, holder: string, now: Date, expiresAt: Date) {
    this.id = id;
    this.holder = holder;
    this.startedAt = now;
    this.heartbeatAt = now;
    this.expiresAt = expiresAt;
  }
}
