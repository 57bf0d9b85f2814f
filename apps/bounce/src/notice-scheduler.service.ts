import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, bounceEnv } from '@postroom/config';
import { MessageName } from '@postroom/contracts';
import { NoticeStore, OutboxStore, type Ledger } from '@postroom/ledger';
import { CLOCK, CONFIG, LEDGER, LOGGER, type Clock } from '@postroom/runtime';
import type { Logger } from 'pino';
import { PLAIN_WORDS } from './blacklist-policy';
import type { Reason } from './classify';

/**
 * Tells the campaign's from-address which addresses failed and why, in plain words: at most one
 * notice per campaign and NOTICE_INTERVAL_MS. The notice is written to the ledger and its
 * `notification.send` to the outbox in one transaction; the sender mails it outside the limit.
 */
@Injectable()
export class NoticeScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly store: NoticeStore,
    private readonly outbox: OutboxStore,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof bounceEnv>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => {
        if (!this.running)
          this.running = this.runOnce()
            .then(
              () => undefined,
              (err: Error) => this.logger.warn({ err: err.message }, 'notice pass failed'),
            )
            .finally(() => (this.running = undefined));
      },
      Math.min(5000, this.config.NOTICE_INTERVAL_MS),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Creates the notices that are due; returns how many. */
  async runOnce(): Promise<number> {
    let created = 0;
    const now = this.clock.now();
    for (const campaignId of await this.store.campaignsDueForNotice(
      this.ledger,
      this.config.NOTICE_INTERVAL_MS,
      now,
    )) {
      const made = await this.ledger.tx(async (sql) => {
        const campaign = await this.store.lockCampaign(sql, campaignId);
        const recent = await this.store.hasRecent(sql, campaignId, this.config.NOTICE_INTERVAL_MS, now);
        if (!campaign || recent) return false;
        const events = await this.store.unnoticed(sql, campaignId);
        if (events.length === 0) return false;
        const noticeId = await this.store.createNotice(
          sql,
          {
            campaignId,
            accountId: campaign.account_id,
            to: campaign.from_address,
            subject: `Delivery problems in your campaign "${campaign.subject.slice(0, 80)}"`.replace(
              /[\r\n]+/g,
              ' ',
            ),
            body: noticeBody(campaign.subject, events),
            eventIds: events.map((e) => e.id),
          },
          now,
        );
        await this.outbox.add(sql, [{ routingKey: MessageName.NotificationSend, payload: { noticeId } }]);
        return true;
      });
      if (made) created++;
    }
    return created;
  }
}

function noticeBody(
  subject: string,
  events: { email_normalized: string; reason: string; blacklisted: boolean; kind: string }[],
): string {
  const lines = events.map(
    (e) =>
      `- ${e.email_normalized}: ${PLAIN_WORDS[e.reason as Reason] ?? e.reason}` +
      (e.blacklisted ? ' (no more mail will go to this address)' : ''),
  );
  return [
    `Some emails of your campaign "${subject}" could not be delivered:`,
    '',
    ...lines,
    '',
    'Addresses that do not exist, whose domain is broken, that were blocked, or whose owner complained are',
    'blacklisted for your account and will not be mailed again. Problems on our side (reputation,',
    'authentication, content) are counted against the sending account and shown on its dashboard.',
    '',
    '-- Postroom',
  ].join('\n');
}
