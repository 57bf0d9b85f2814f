import { Inject, Injectable } from '@nestjs/common';
import {
  DeliveryStore,
  SmsDeliveryStore,
  SmsQuotaStore,
  type DeliveryOutcome,
  type Ledger,
  type SendingSms,
  type SmsDayDelta,
  type SmsReceiptRow,
  type SubmittedSms,
} from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import { CLOCK, LEDGER, METRICS, type Clock } from '@postroom/runtime';

/**
 * The sender's SMS writes, each one transaction for a whole batch: take ownership, keep the SMS
 * centre's ids, record outcomes and receipts, and move the account day's SMS counters with them.
 */
@Injectable()
export class SmsLedger {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly sms: SmsDeliveryStore,
    private readonly deliveries: DeliveryStore,
    private readonly quota: SmsQuotaStore,
  ) {}

  /** Guarded `dispatched → sending`: only what this caller now owns; a replayed message gets nothing. */
  async start(ids: readonly string[]): Promise<SendingSms[]> {
    const owned = await this.ledger.tx((sql) => this.sms.startSending(sql, ids, this.clock.now()));
    if (owned.length > 0) this.metrics.deliveries.inc({ status: 'sending' }, owned.length);
    return owned;
  }

  blacklisted(ids: readonly string[]): Promise<Map<string, string>> {
    return this.sms.blacklisted(this.ledger, ids);
  }

  campaign(id: string) {
    return this.sms.campaign(this.ledger, id);
  }

  /** One chunk's results: the ids of what the SMS centre took, and every other outcome. */
  async settle(submitted: readonly SubmittedSms[], outcomes: readonly DeliveryOutcome[]): Promise<void> {
    const now = this.clock.now();
    const changed = await this.ledger.tx(async (sql) => {
      await this.sms.markSubmitted(sql, submitted, now);
      const rows = await this.deliveries.recordOutcomes(sql, outcomes, now);
      await this.quota.applyDeltas(sql, deltas(rows.map((r) => ({ ...r, returned: r.quota_returned }))));
      return rows;
    });
    for (const r of changed) this.metrics.deliveries.inc({ status: r.status });
  }

  /** Receipts matched to their deliveries; returns the message ids that matched one. */
  async receipts(receipts: readonly SmsReceiptRow[]): Promise<Set<string>> {
    const now = this.clock.now();
    const changed = await this.ledger.tx(async (sql) => {
      const rows = await this.sms.recordReceipts(sql, receipts, now);
      await this.quota.applyDeltas(sql, deltas(rows.map((r) => ({ ...r, returned: false }))));
      return rows;
    });
    for (const r of changed) this.metrics.deliveries.inc({ status: r.status });
    return new Set(changed.map((r) => r.message_id));
  }

  optOut(phone: string, text: string): Promise<string[]> {
    return this.ledger.tx((sql) => this.sms.optOut(sql, phone, text));
  }
}

/** Sums per account day: quota given back, and SMS the handset network confirmed. */
export function deltas(
  rows: readonly { account_id: string; quota_day: string | null; status: string; returned: boolean }[],
): SmsDayDelta[] {
  const byDay = new Map<string, SmsDayDelta>();
  for (const r of rows) {
    if (!r.quota_day) continue;
    const key = `${r.account_id}\u0000${r.quota_day}`;
    const d = byDay.get(key) ?? { accountId: r.account_id, day: r.quota_day, returned: 0, delivered: 0 };
    byDay.set(key, d);
    if (r.returned) d.returned++;
    if (r.status === 'sent') d.delivered++;
  }
  return [...byDay.values()];
}
