import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Campaign } from './campaign.entity';

/** A link of a campaign's HTML, stored at render time: click redirects go only to these. */
@Entity({ tableName: 'campaign_links' })
@Unique({ properties: ['campaignId', 'url'] })
export class CampaignLink {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Campaign, {
    mapToPk: true,
    fieldName: 'campaign_id',
    updateRule: 'no action',
    deleteRule: 'cascade',
  })
  campaignId: string;

  @Property({ type: 'text' })
  url: string;

  constructor(campaignId: string, url: string) {
    this.campaignId = campaignId;
    this.url = url;
  }
}
