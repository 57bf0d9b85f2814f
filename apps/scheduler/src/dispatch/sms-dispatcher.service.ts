import { Inject, Injectable } from '@nestjs/common';
import { MessageName, type SmsSend } from '@postroom/contracts';
import { SmsQuotaStore, type ClaimedDelivery, type Ledger } from '@postroom/ledger';
import type { Broker } from '@postroom/messaging';
import type { Metrics } from '@postroom/metrics';
import { BROKER, CLOCK, LEDGER, METRICS, type Clock } from '@postroom/runtime';
import { AccountDayService } from '../quota/account-day.service';

export interface SmsDispatchSettings {
  /** SMS claimed per account and pass. */
  readonly batch: number;
  /** Delivery ids per sms.send message. */
  readonly sendBatch: number;
  /** SMS dispatched and not yet handed to the SMS centre, at most. */
  readonly maxInFlight: number;
}

/**
 * The SMS side of dispatch: claims due SMS within each account's SMS limit (apart from its email
 * limit, on the same account day, opened and closed by AccountDayService) and hands them to the
 * sender as `sms.send`, claim first, publish after, as email's DispatcherService does. Defers
 * what the SMS limit cannot take to the next local days, and heals what a crash leaves behind.
 */
@Injectable()
export class SmsDispatcherService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(BROKER) private readonly broker: Broker,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly accountDays: AccountDayService,
    private readonly quota: SmsQuotaStore,
  ) {}

  /** One pass over every account with SMS waiting; returns how many were dispatched. */
  async dispatchOnce(settings: SmsDispatchSettings): Promise<number> {
    let total = 0;
    let budget = settings.maxInFlight - (await this.quota.inFlight(this.ledger));
    for (const accountId of await this.quota.accountsWithWork(this.ledger)) {
      if (budget <= 0) break;
      const n = await this.dispatchAccount(accountId, {
        ...settings,
        batch: Math.min(budget, settings.batch),
      });
      budget -= n;
      total += n;
    }
    return total;
  }

  async dispatchAccount(accountId: string, settings: SmsDispatchSettings): Promise<number> {
    const open = await this.accountDays.ensureOpen(accountId);
    if (!open || open.account.status !== 'active') return 0;
    const now = this.clock.now();
    const claimed = await this.ledger.tx((sql) => this.quota.claim(sql, accountId, settings.batch, now));
    if (claimed.length > 0) {
      await this.publish(claimed, settings.sendBatch);
      this.metrics.dispatched.inc({ kind: 'first' }, claimed.length);
      this.metrics.deliveries.inc({ status: 'dispatched' }, claimed.length);
    }
    if (claimed.length < settings.batch) await this.deferIfLimitReached(accountId, now);
    return claimed.length;
  }

  /**
   * SMS claimed whose message never reached the broker are published again (the sender's
   * guarded update ignores a duplicate); SMS the SMS centre took whose receipt never came
   * become `unknown`, never resent.
   */
  async sweep(
    redispatchAfterMs: number,
    receiptTimeoutMs: number,
    settings: SmsDispatchSettings,
  ): Promise<void> {
    const now = this.clock.now();
    const stale = await this.ledger.tx((sql) =>
      this.quota.touchStaleDispatched(sql, redispatchAfterMs, settings.batch, now),
    );
    if (stale.length > 0) {
      await this.publish(stale, settings.sendBatch);
      this.metrics.dispatched.inc({ kind: 'redispatch' }, stale.length);
    }
    const unknown = await this.quota.markReceiptlessUnknown(this.ledger, receiptTimeoutMs, now);
    if (unknown > 0) this.metrics.deliveries.inc({ status: 'unknown' }, unknown);
  }

  private async deferIfLimitReached(accountId: string, now: Date): Promise<void> {
    const day = await this.quota.day(this.ledger, accountId, now);
    if (!day || day.sms_used < day.sms_daily_limit) return;
    if (!(await this.quota.hasDueQueued(this.ledger, accountId, now))) return;
    const deferred = await this.ledger.tx((sql) => this.quota.deferRest(sql, day, now));
    if (deferred > 0) this.metrics.deliveries.inc({ status: 'deferred' }, deferred);
  }

  private async publish(claimed: readonly ClaimedDelivery[], size: number): Promise<void> {
    const messages = [];
    for (let i = 0; i < claimed.length; i += size) {
      const payload: SmsSend = { deliveryIds: claimed.slice(i, i + size).map((d) => d.id) };
      messages.push({ routingKey: MessageName.SmsSend, payload, messageId: `sms-${payload.deliveryIds[0]}` });
    }
    await this.broker.publishMany(messages);
  }
}
