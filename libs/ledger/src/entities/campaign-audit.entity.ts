import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Campaign } from './campaign.entity';

/** Who paused, resumed or cancelled a campaign, when, and what it changed. */
@Entity({ tableName: 'campaign_audit' })
@Index({ properties: ['campaignId', 'at'] })
export class CampaignAudit {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Campaign, {
    mapToPk: true,
    fieldName: 'campaign_id',
    updateRule: 'no action',
    deleteRule: 'cascade',
  })
  campaignId: string;

  /** paused, resumed or cancelled */
  @Property({ type: 'text' })
  action: string;

  /** The token's name. */
  @Property({ type: 'text' })
  actor: string;

  /** e.g. how many deliveries a cancel ended */
  @Property({ type: 'jsonb', nullable: true })
  figures?: Record<string, unknown> | null;

  @Property({ type: 'timestamptz' })
  at: Date;

  constructor(campaignId: string, action: string, actor: string, at: Date) {
    this.campaignId = campaignId;
    this.action = action;
    this.actor = actor;
    this.at = at;
  }
}
