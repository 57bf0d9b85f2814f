import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  CampaignStateStore,
  CampaignStore,
  ConsoleStore,
  type CampaignRow,
  type Ledger,
} from '@postroom/ledger';
import { LEDGER } from '@postroom/runtime';
import { mayAct, type Principal } from '../auth/principal';
import { campaignView } from '../campaigns/campaign-view';
import { countsBar } from './counts-bar';

/** What the console's campaign pages read: campaigns a caller may see, with their counts as bars. */
@Injectable()
export class CampaignBoard {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly store: ConsoleStore,
    private readonly campaigns: CampaignStore,
    private readonly states: CampaignStateStore,
  ) {}

  async list(f: { account?: string; state?: string; limit: number; offset: number }) {
    const rows = await this.store.campaigns(this.ledger, f);
    const counts = await this.store.statusCounts(
      this.ledger,
      rows.map((c) => c.id),
    );
    return Promise.all(
      rows.map(async (c) => ({
        ...campaignView(c),
        bar: countsBar(counts.get(c.id) ?? {}, await this.store.engagement(this.ledger, c.id)),
      })),
    );
  }

  accounts(only?: string) {
    return this.store.accounts(this.ledger, only);
  }

  /** The campaign's counts, reads and deferred days, as the live part of its page. */
  async live(campaign: CampaignRow) {
    const [counts, engagement, days] = await Promise.all([
      this.campaigns.statusCounts(this.ledger, campaign.id),
      this.store.engagement(this.ledger, campaign.id),
      this.store.deferredDays(this.ledger, campaign.id),
    ]);
    return { id: campaign.id, bar: countsBar(counts, engagement, days) };
  }

  trail(id: string) {
    return this.states.trail(this.ledger, id);
  }

  /** The campaign, if it exists and the caller may see it; 404 alike otherwise. */
  async visible(caller: Principal, id: string): Promise<CampaignRow> {
    const campaign = await this.campaigns.findById(this.ledger, id);
    if (!campaign || !mayAct(caller, campaign.account_id)) throw new NotFoundException(`no campaign ${id}`);
    return campaign;
  }
}
