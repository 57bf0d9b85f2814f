import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import type { Recipient, SmsRecipient } from '@postroom/contracts';
import {
  CampaignStore,
  type CampaignHeader,
  type CampaignRow,
  type InsertedRecipients,
  type Ledger,
  type Sql,
} from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import { CLOCK, CONFIG, LEDGER, METRICS, type Clock } from '@postroom/runtime';
import { CampaignContent } from './campaign-content';
import { checkedSmsRecipients, jsonPlace, smsTemplateOf, type RecipientPlace } from './sms-segment';

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

  /** `place` names a recipient in an error (CampaignRejected): its JSON pointer, or its NDJSON line. */
  async submit(
    header: CampaignHeader,
    recipients: AsyncIterable<Recipient | SmsRecipient> | Iterable<Recipient | SmsRecipient>,
    via: 'api' | 'broker',
    place: RecipientPlace = jsonPlace,
  ): Promise<SubmitOutcome> {
    if (header.channel === 'sms') {
      // checked before anything is stored; each recipient is checked as it is read
      const template = smsTemplateOf(header);
      const checked = checkedSmsRecipients(recipients as AsyncIterable<SmsRecipient>, template, place);
      return this.store(header, checked, via, (sql, c, chunk, now) =>
        this.campaigns.insertSmsRecipients(sql, c, chunk, now),
      );
    }
    return this.store(header, recipients as AsyncIterable<Recipient>, via, (sql, c, chunk, now) =>
      this.campaigns.insertRecipients(sql, c, chunk, now),
    );
  }

  private async store<R>(
    header: CampaignHeader,
    recipients: AsyncIterable<R> | Iterable<R>,
    via: 'api' | 'broker',
    insert: (sql: Sql, campaign: CampaignRow, chunk: R[], now: Date) => Promise<InsertedRecipients>,
  ): Promise<SubmitOutcome> {
    const now = this.clock.now();
    // before the transaction: refused content (ContentRefused) stores nothing; an SMS text was checked already
    const prepared =
      header.channel === 'sms' ? { header, templateReport: [] } : await this.content.prepare(header);
    const outcome = await this.ledger.tx(async (sql): Promise<SubmitOutcome> => {
      const { campaign, created } = await this.campaigns.create(
        sql,
        prepared.header,
        this.config.DEFAULT_DAILY_LIMIT,
        prepared.templateReport,
      );
      if (!created) return { kind: 'existing', campaign };
      const totals = { queued: 0, suppressed: 0, duplicates: 0 };
      let chunk: R[] = [];
      const flush = async () => {
        const n = await insert(sql, campaign, chunk, now);
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
