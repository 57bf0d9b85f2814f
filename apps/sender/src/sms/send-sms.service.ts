import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { backoffDelay, type Backoff } from '@postroom/backoff';
import type { ConfigOf, senderEnv } from '@postroom/config';
import type { DeliveryOutcome, SendingSms, SubmittedSms } from '@postroom/ledger';
import { SmsTemplate, SmsTemplateError } from '@postroom/phones';
import { CLOCK, CONFIG, type Clock } from '@postroom/runtime';
import type { RetrySettings } from '../outcome/decide-outcome';
import { decideSmsOutcome } from './decide-sms-outcome';
import { SmsLedger } from './sms-ledger';
import type { SmsResult, SmsTransport } from './sms-transport';
import { SMS_TRANSPORT } from './sms-transport.token';

/** Throttled by the SMS centre: tried again in-process this often before the ledger's retry takes over. */
const THROTTLE_TRIES = 5;
const THROTTLE_BACKOFF: Backoff = { baseMs: 200, maxMs: 5000, jitter: 0.2 };

/**
 * Sends one `sms.send` batch, as SendDeliveryService sends email: takes ownership of each
 * delivery by a guarded update (a replayed message sends nothing), re-checks the blacklist and
 * opt-outs, personalises the text, submits it over SMPP through the transport's window, and
 * records the chunk's outcomes in one transaction before the message is acked. Delivery
 * receipts settle `sent`/`failed` later (SmsReceiptsService).
 */
@Injectable()
export class SendSmsService implements OnApplicationShutdown {
  private readonly retry: RetrySettings;
  private readonly chunk: number;
  private readonly templates = new Map<string, Promise<{ template: SmsTemplate; from: string }>>();

  constructor(
    private readonly sms: SmsLedger,
    @Inject(SMS_TRANSPORT) private readonly transport: SmsTransport,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof senderEnv>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    // a window's worth at a time: only what is really with the SMS centre is `sending` without an id
    // (SMS is paced by the SMPP window, not by the email send window's SENDING_CHUNK)
    this.chunk = config.SMS_WINDOW_SIZE;
    this.retry = {
      maxAttempts: config.SEND_MAX_ATTEMPTS,
      baseDelayMs: config.RETRY_BASE_DELAY_MS,
      maxDelayMs: config.RETRY_MAX_DELAY_MS,
    };
  }

  async sendBatch(ids: readonly string[]): Promise<number> {
    let settled = 0;
    for (let i = 0; i < ids.length; i += this.chunk)
      settled += await this.sendChunk(ids.slice(i, i + this.chunk));
    return settled;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }

  private async sendChunk(ids: readonly string[]): Promise<number> {
    const owned = await this.sms.start(ids);
    if (owned.length === 0) return 0;
    const blacklisted = await this.sms.blacklisted(owned.map((d) => d.id));
    const submitted: SubmittedSms[] = [];
    const outcomes: DeliveryOutcome[] = [];
    await Promise.all(
      owned.map(async (d) => {
        const attempt = await this.sendOne(d, blacklisted.get(d.id));
        if (attempt.kind === 'submitted') submitted.push(attempt.submitted);
        else outcomes.push(attempt.outcome);
      }),
    );
    await this.sms.settle(submitted, outcomes);
    return owned.length;
  }

  private async sendOne(d: SendingSms, blacklistReason: string | undefined) {
    if (blacklistReason) {
      const outcome: DeliveryOutcome = {
        id: d.id,
        status: 'suppressed',
        reason: `blacklisted: ${blacklistReason}`,
        quotaReturned: true,
      };
      return { kind: 'settled' as const, outcome };
    }
    const { template, from } = await this.campaign(d.campaign_id);
    let text: string;
    try {
      text = template.render({ phone: d.phone, name: d.name, vars: d.vars });
    } catch (err) {
      if (!(err instanceof SmsTemplateError)) throw err;
      const outcome: DeliveryOutcome = {
        id: d.id,
        status: 'failed',
        smtpReply: '',
        reason: err.message,
        quotaReturned: true,
      };
      return { kind: 'settled' as const, outcome };
    }
    const result = await this.submit({ to: d.phone, from, text, reference: d.id });
    return decideSmsOutcome(d.id, d.attempts, result, this.retry, this.clock.now());
  }

  /** Throttling (ESME_RTHROTTLED, ESME_RMSGQFUL) is the SMS centre asking us to slow down: back off and try again. */
  private async submit(message: Parameters<SmsTransport['send']>[0]): Promise<SmsResult> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.transport.send(message);
      if (result.kind !== 'throttled' || attempt >= THROTTLE_TRIES) return result;
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, THROTTLE_BACKOFF)));
    }
  }

  private campaign(id: string): Promise<{ template: SmsTemplate; from: string }> {
    let hit = this.templates.get(id);
    if (!hit) {
      hit = this.sms.campaign(id).then((c) => {
        if (!c) throw new Error(`SMS campaign ${id} not found`);
        return { template: new SmsTemplate(c.text), from: c.sms_from ?? this.config.SMS_FROM };
      });
      hit.catch(() => this.templates.delete(id));
      if (this.templates.size >= 200) this.templates.delete(this.templates.keys().next().value as string);
      this.templates.set(id, hit);
    }
    return hit;
  }
}
