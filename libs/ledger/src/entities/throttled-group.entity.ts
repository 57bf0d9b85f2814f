import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A provider group that slowed a campaign down (DESIGN §8): the sender writes a row when the group
 * answers 421/4.7.x or keeps a delivery waiting, the scheduler shows the rows whose `until` is still
 * ahead as the campaign view's `throttled`. Several senders write the same row; the latest pause wins.
 */
@Entity({ tableName: 'throttled_groups' })
@Index({ name: 'throttled_groups_until_index', properties: ['until'] })
export class ThrottledGroup {
  @PrimaryKey({ type: 'uuid' })
  campaignId: string;

  /** `google`, `microsoft`, `yahoo` or `mx:<registrable domain of the MX>`. */
  @PrimaryKey({ type: 'text' })
  groupName: string;

  /** Paused until then: nothing of the group is admitted before. */
  @Property({ type: 'timestamptz' })
  until: Date;

  /** Messages per minute the group was admitted at, and its full rate. */
  @Property({ type: 'double precision' })
  rate: number;

  @Property({ type: 'double precision' })
  fullRate: number;

  /** Deferrals since the group last ran at full rate. */
  @Property({ type: 'int' })
  deferrals: number;

  @Property({ type: 'timestamptz' })
  updatedAt: Date;

  constructor(
    campaignId: string,
    groupName: string,
    state: { until: Date; rate: number; fullRate: number; deferrals: number },
    updatedAt: Date,
  ) {
    this.campaignId = campaignId;
    this.groupName = groupName;
    this.until = state.until;
    this.rate = state.rate;
    this.fullRate = state.fullRate;
    this.deferrals = state.deferrals;
    this.updatedAt = updatedAt;
  }
}
