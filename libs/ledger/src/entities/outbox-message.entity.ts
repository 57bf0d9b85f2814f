import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A message committed with the ledger change that caused it, published later by the relay. */
@Entity({ tableName: 'outbox' })
export class OutboxMessage {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  routingKey: string;

  @Property({ type: 'jsonb' })
  payload: unknown;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  constructor(routingKey: string, payload: unknown) {
    this.routingKey = routingKey;
    this.payload = payload;
  }
}
