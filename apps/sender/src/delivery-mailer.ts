import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, senderEnv } from '@postroom/config';
import type { SendingDelivery } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import { CLOCK, CONFIG, METRICS, type Clock } from '@postroom/runtime';
import { decideOutcome, type RetrySettings } from './outcome/decide-outcome';
import { OutcomeRecorder, type RecordRequest } from './outcome/outcome-recorder';
import { CampaignMessages } from './render/campaign-messages';
import { RenderError } from './render/rendered-message';
import { MAIL_TRANSPORT, type MailTransport } from './transports/mail-transport';

/**
 * One owned delivery: renders its message, sends it through the pooled transport, decides the
 * outcome from the server's reply and hands it to the (batched) outcome recorder.
 */
@Injectable()
export class DeliveryMailer {
  private readonly retry: RetrySettings;

  constructor(
    private readonly messages: CampaignMessages,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly recorder: OutcomeRecorder,
    @Inject(CONFIG) config: ConfigOf<typeof senderEnv>,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.retry = {
      maxAttempts: config.SEND_MAX_ATTEMPTS,
      baseDelayMs: config.RETRY_BASE_DELAY_MS,
      maxDelayMs: config.RETRY_MAX_DELAY_MS,
    };
  }

  /** Resolves once the outcome committed. */
  async send(d: SendingDelivery, blacklistReason: string | undefined): Promise<void> {
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
    let rendered;
    try {
      rendered = await this.messages.render(d);
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
      messageId: rendered.messageId,
      fromDomain: rendered.fromDomain,
      campaignId: d.campaign_id,
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

  /** Writes what is pending, then closes the transport. */
  async close(): Promise<void> {
    await this.recorder.flush();
    await this.transport.close();
  }
}
