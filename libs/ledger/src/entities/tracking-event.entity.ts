import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An open or a click, human or machine-made (then flagged with why): recorded, never dropped.
 * Indexed by time only (BRIN): read times live on the delivery, and nothing reads events by
 * delivery on the hot path.
 */
@Entity({ tableName: 'tracking_events' })
@Index({ name: 'tracking_events_at_brin', properties: ['at'], type: 'brin' })
export class TrackingEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'bigint' })
  deliveryId: string;

  /** open or click */
  @Property({ type: 'text' })
  kind: string;

  @Property({ type: 'bigint', nullable: true })
  linkId?: string | null;

  @Property({ type: 'timestamptz' })
  at: Date;

  @Property({ type: 'boolean', default: false })
  machine = false;

  /** e.g. head-request, prefetch, user-agent:…, within-10s-of-send, burst */
  @Property({ type: 'text', nullable: true })
  machineReason?: string | null;

  @Property({ type: 'text', nullable: true })
  userAgent?: string | null;

  constructor(deliveryId: string, kind: string, at: Date) {
    this.deliveryId = deliveryId;
    this.kind = kind;
    this.at = at;
  }
}
