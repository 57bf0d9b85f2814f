import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import type { Recipient } from '@postroom/contracts';
import { CampaignStore, type CampaignHeader, type CampaignRow, type Ledger } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import { CLOCK, CONFIG, LEDGER, METRICS, type Clock } from '@postroom/runtime';
import { CampaignContent } from './campaign-content';

/** Rows per insert statement: large enough to be fast, small enough to keep memory flat. */
export const RECIPIENT_CHUNK = 5000;

export type SubmitOutcome =
  | { kind: 'created'; campaign: CampaignRow; queued: number; suppressed: number; duplicates: number }
  | { kind: 'existing'; campaign: CampaignRow };

/**
 * Stores a campaign and one delivery per recipient in one transaction, in chunks, so a
 * segment of a million recipients never sits in memory whole. A known idempotency key
 * answers with the existing campaign and stores nothing.
 */
@Injectable()
export class SubmitCampaignService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly campaigns: CampaignStore,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof schedulerEnv>,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly content: CampaignContent,
  ) {}

  async submit(
    header: CampaignHeader,
    recipients: AsyncIterable<Recipient> | Iterable<Recipient>,
    via: 'api' | 'broker',
  ): Promise<SubmitOutcome> {
    const now = this.clock.now();
    // before the transaction: refused content (ContentRefused) stores nothing
    const prepared = await this.content.prepare(header);
    const outcome = await this.ledger.tx(async (sql): Promise<SubmitOutcome> => {
      const { campaign, created } = await this.campaigns.create(
        sql,
        prepared.header,
        this.config.DEFAULT_DAILY_LIMIT,
        prepared.templateReport,
      );
      if (!created) return { kind: 'existing', campaign };
      const totals = { queued: 0, suppressed: 0, duplicates: 0 };
      let chunk: Recipient[] = [];
      const flush = async () => {
        const n = await this.campaigns.insertRecipients(sql, campaign, chunk, now);
        totals.queued += n.queued;
        totals.suppressed += n.suppressed;
        totals.duplicates += n.duplicates;
        chunk = [];
      };
      for await (const recipient of recipients) {
        chunk.push(recipient);
        if (chunk.length >= RECIPIENT_CHUNK) await flush();
      }
      await flush();
      // the pre-send spam check (SPAMD_URL) holds a new campaign until its sample is scored
      if (this.config.SPAMD_URL) await this.campaigns.holdForSpamCheck(sql, campaign.id, now);
      const stored = await this.campaigns.findById(sql, campaign.id);
      return { kind: 'created', campaign: stored ?? campaign, ...totals };
    });
    if (outcome.kind === 'created') {
      this.metrics.campaignsSubmitted.inc({ via });
      this.metrics.recipientsAccepted.inc({ status: 'queued' }, outcome.queued);
      this.metrics.recipientsAccepted.inc({ status: 'suppressed' }, outcome.suppressed);
    }
    return outcome;
  }
}
