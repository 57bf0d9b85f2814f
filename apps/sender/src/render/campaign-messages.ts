import { Injectable } from '@nestjs/common';
import type { SendingDelivery } from '@postroom/ledger';
import { CampaignCache } from '../campaign-cache';
import { CompiledRenderer } from './compiled-message';
import type { RenderedMessage } from './rendered-message';

/** One delivery's message: its campaign's template (cached), rendered for its recipient. */
@Injectable()
export class CampaignMessages {
  constructor(
    private readonly campaigns: CampaignCache,
    private readonly renderer: CompiledRenderer,
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
