import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, senderEnv } from '@postroom/config';
import { DeliveryStore, type Ledger, type SendingDelivery } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import { CLOCK, CONFIG, LEDGER, LOGGER, METRICS, type Clock } from '@postroom/runtime';
import type { Logger } from 'pino';
import { TokenSigner } from '@postroom/tokens';
import { CampaignCache } from './campaign-cache';
import { CachedLinkRegistry } from './render/link-registry';
import { decideOutcome, type RetrySettings } from './outcome/decide-outcome';
import { OutcomeRecorder, type RecordRequest } from './outcome/outcome-recorder';
import { CompiledRenderer } from './render/compiled-message';
import { RenderError } from './render/rendered-message';
import { MAIL_TRANSPORT, type MailTransport } from './transports/mail-transport';

/**
 * Sends one `delivery.send` batch: takes ownership of each delivery by a guarded update,
 * re-checks the blacklist, renders, sends through the pooled transport and records every
 * outcome (batched) before the message is acked.
 */
@Injectable()
export class SendDeliveryService implements OnApplicationShutdown {
  private readonly deliveries = new DeliveryStore();
  private readonly campaigns: CampaignCache;
  private readonly renderer: CompiledRenderer;
  private readonly recorder: OutcomeRecorder;
  private readonly retry: RetrySettings;
  private readonly chunk: number;

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(CONFIG) config: ConfigOf<typeof senderEnv>,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.campaigns = new CampaignCache(ledger);
    this.renderer = new CompiledRenderer({
      bounceDomain: config.BOUNCE_DOMAIN,
      trackingBaseUrl: config.TRACKING_BASE_URL,
      signer: TokenSigner.fromConfig(config.TRACKING_KEYS, config.TRACKING_TOKEN_TTL_DAYS),
      links: new CachedLinkRegistry(ledger),
      clock,
    });
    this.recorder = new OutcomeRecorder(
      ledger,
      metrics,
      logger.child({ component: 'outcomes' }),
      clock,
      config.OUTCOME_FLUSH_MS,
    );
    this.chunk = config.SENDING_CHUNK;
    this.retry = {
      maxAttempts: config.SEND_MAX_ATTEMPTS,
      baseDelayMs: config.RETRY_BASE_DELAY_MS,
      maxDelayMs: config.RETRY_MAX_DELAY_MS,
    };
  }

  /** Returns how many deliveries of the batch this call owned and settled. */
  async sendBatch(ids: readonly string[]): Promise<number> {
    let settled = 0;
    // a few at a time: only what is really in the SMTP pool is `sending`, so a crash leaves few
    // deliveries `unknown` (the rest are still `dispatched` and go out after the restart)
    for (let i = 0; i < ids.length; i += this.chunk) {
      settled += await this.sendChunk(ids.slice(i, i + this.chunk));
    }
    return settled;
  }

  private async sendChunk(ids: readonly string[]): Promise<number> {
    // guarded update: a redelivered message must not send twice
    const owned = await this.ledger.tx((sql) => this.deliveries.startSending(sql, ids, this.clock.now()));
    if (owned.length === 0) return 0;
    this.metrics.deliveries.inc({ status: 'sending' }, owned.length);
    const blacklisted = await this.deliveries.blacklisted(this.ledger, owned);
    await Promise.all(owned.map((d) => this.sendOne(d, blacklisted.get(d.id))));
    return owned.length;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.recorder.flush();
    await this.transport.close();
  }

  private async sendOne(d: SendingDelivery, blacklistReason: string | undefined): Promise<void> {
    if (blacklistReason) {
      return this.recorder.record({
        outcome: {
          id: d.id,
          status: 'suppressed',
          reason: `blacklisted: ${blacklistReason}`,
          quotaReturned: true,
        },
      });
    }
    const campaign = await this.campaigns.get(d.campaign_id);
    let rendered;
    try {
      rendered = await this.renderer.render(campaign, {
        deliveryId: d.id,
        email: d.email,
        name: d.name,
        vars: d.vars,
      });
    } catch (err) {
      if (!(err instanceof RenderError)) throw err;
      return this.recorder.record({
        outcome: { id: d.id, status: 'failed', smtpReply: '', reason: err.message },
      });
    }
    const stopTimer = this.metrics.smtpSendDuration.startTimer();
    const result = await this.transport.send({
      envelopeFrom: rendered.envelopeFrom,
      to: d.email,
      raw: rendered.raw,
      fromDomain: rendered.fromDomain,
    });
    stopTimer({ outcome: result.kind });
    const outcome = decideOutcome(d.id, d.attempts, rendered.messageId, result, this.retry, this.clock.now());
    const request: RecordRequest = {
      outcome,
      rejected:
        outcome.status === 'bounced' && result.kind === 'refused'
          ? {
              deliveryId: d.id,
              campaignId: d.campaign_id,
              account: d.account_id,
              email: d.email,
              smtpCode: result.code,
              enhancedCode: /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(result.reply)?.[1] ?? null,
              smtpReply: result.reply,
            }
          : undefined,
    };
    return this.recorder.record(request);
  }
}
