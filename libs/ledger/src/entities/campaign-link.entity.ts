import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** A link of a campaign's HTML, stored at render time: click redirects go only to these. */
@Entity({ tableName: 'campaign_links' })
@Unique({ properties: ['campaignId', 'url'] })
export class CampaignLink {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' })
  campaignId: string;

  @Property({ type: 'text' })
  url: string;

  constructor(campaignId: string, url: string) {
    this.campaignId = campaignId;
    this.url = url;
  }
}
