import { Inject, Injectable } from '@nestjs/common';
import { CampaignStore, type Ledger } from '@postroom/ledger';
import { LEDGER } from '@postroom/runtime';
import type { CampaignTemplate } from './render/rendered-message';

const MAX = 200;

/** Campaign templates by id, loaded once per campaign (campaigns never change after submit). */
@Injectable()
export class CampaignCache {
  private readonly cache = new Map<string, Promise<CampaignTemplate>>();

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly campaigns: CampaignStore,
  ) {}

  get(id: string): Promise<CampaignTemplate> {
    let hit = this.cache.get(id);
    if (!hit) {
      hit = this.load(id);
      hit.catch(() => this.cache.delete(id));
      if (this.cache.size >= MAX) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(id, hit);
    }
    return hit;
  }

  private async load(id: string): Promise<CampaignTemplate> {
    const c = await this.campaigns.template(this.ledger, id);
    if (!c) throw new Error(`campaign ${id} not found`);
    return { id: c.id, from: c.from_address, subject: c.subject, html: c.html, text: c.text };
  }
}
