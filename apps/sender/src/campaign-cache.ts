import type { Ledger } from '@postroom/ledger';
import type { CampaignTemplate } from './render/rendered-message';

const MAX = 200;

/** Campaign templates by id, loaded once per campaign (campaigns never change after submit). */
export class CampaignCache {
  private readonly cache = new Map<string, Promise<CampaignTemplate>>();

  constructor(private readonly ledger: Ledger) {}

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
    const res = await this.ledger.query<{
      id: string;
      from_address: string;
      subject: string;
      html: string;
      text: string | null;
    }>(`select id, from_address, subject, html, text from campaigns where id = $1`, [id]);
    const c = res.rows[0];
    if (!c) throw new Error(`campaign ${id} not found`);
    return { id: c.id, from: c.from_address, subject: c.subject, html: c.html, text: c.text };
  }
}
