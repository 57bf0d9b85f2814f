import { Inject, Injectable } from '@nestjs/common';
import { EngagementStore, SpamCheckStore, ThrottleStore, type Ledger } from '@postroom/ledger';
import { CLOCK, LEDGER, type Clock } from '@postroom/runtime';

/**
 * What the campaign view adds about deliverability (issue 16): the provider groups paused for it
 * now, its reads and clicks with and without machines, and its pre-send spam check.
 */
@Injectable()
export class CampaignDeliverability {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly throttles: ThrottleStore,
    private readonly engagement: EngagementStore,
    private readonly spamChecks: SpamCheckStore,
  ) {}

  async of(campaignId: string) {
    const [throttled, engagement, spamCheck] = await Promise.all([
      this.throttles.activeFor(this.ledger, campaignId, this.clock.now()),
      this.engagement.ofCampaign(this.ledger, campaignId),
      this.spamChecks.get(this.ledger, campaignId),
    ]);
    return { throttled, engagement, spamCheck };
  }
}
