import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Account } from './account.entity';

/** Every change of an account's limit or status, with the rule and the figures that caused it. */
@Entity({ tableName: 'limit_history' })
@Index({ properties: ['accountId', 'id'] })
export class LimitChange {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Account, { mapToPk: true, fieldName: 'account_id', updateRule: 'no action' })
  accountId: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at: Date = new Date();

  /** The account day the change closed or happened on. */
  @Property({ type: 'date', nullable: true })
  day?: string | null;

  @Property({ type: 'integer' })
  oldLimit: number;

  @Property({ type: 'integer' })
  newLimit: number;

  @Property({ type: 'text' })
  oldStatus: string;

  @Property({ type: 'text' })
  newStatus: string;

  /** grow, shrink, keep, block, block-now, unblock, operator */
  @Property({ type: 'text' })
  rule: string;

  @Property({ type: 'text' })
  reason: string;

  @Property({ type: 'jsonb', nullable: true })
  figures?: Record<string, unknown> | null;

  /** `rules` or the operator who acted. */
  @Property({ type: 'text' })
  actor: string;

  constructor(
    accountId: string,
    oldLimit: number,
    newLimit: number,
    oldStatus: string,
    newStatus: string,
    rule: string,
    reason: string,
    actor: string,
  ) {
    this.accountId = accountId;
    this.oldLimit = oldLimit;
    this.newLimit = newLimit;
    this.oldStatus = oldStatus;
    this.newStatus = newStatus;
    this.rule = rule;
    this.reason = reason;
    this.actor = actor;
  }
}
