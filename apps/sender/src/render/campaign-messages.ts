import { Injectable } from '@nestjs/common';
import type { SendingDelivery } from '@postroom/ledger';
import { CampaignCache } from '../campaign-cache';
import { MessageRenderer, type RenderedMessage } from './message-renderer';

/** One delivery's message: its campaign's template (cached), rendered for its recipient. */
@Injectable()
export class CampaignMessages {
  constructor(
    private readonly campaigns: CampaignCache,
    private readonly renderer: MessageRenderer,
  ) {}

  async render(d: SendingDelivery): Promise<RenderedMessage> {
    const campaign = await this.campaigns.get(d.campaign_id);
    return this.renderer.render(campaign, {
      deliveryId: d.id,
      email: d.email,
      name: d.name,
      vars: d.vars,
    });
  }
}
