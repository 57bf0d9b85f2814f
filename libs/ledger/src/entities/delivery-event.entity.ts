import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Delivery } from './delivery.entity';

/** Append-only: every status change of a delivery, with what, when and why. */
@Entity({ tableName: 'delivery_events' })
@Index({ properties: ['deliveryId', 'id'] })
export class DeliveryEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Delivery, {
    mapToPk: true,
    fieldName: 'delivery_id',
    updateRule: 'no action',
    deleteRule: 'cascade',
  })
  deliveryId: string;

  @Property({ type: 'text', nullable: true })
  fromStatus?: string | null;

  @Property({ type: 'text' })
  toStatus: string;

  @Property({ type: 'text', nullable: true })
  detail?: string | null;

  @Property({ type: 'text', nullable: true })
  smtpReply?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at: Date = new Date();

  constructor(deliveryId: string, toStatus: string) {
    this.deliveryId = deliveryId;
    this.toStatus = toStatus;
  }
}
