import { Inject, Injectable } from '@nestjs/common';
import { MessageName, type DeliveryRejected } from '@postroom/contracts';
import {
  DeliveryStore,
  OutboxStore,
  QuotaDayStore,
  type AccountDayDelta,
  type ChangedDelivery,
  type DeliveryOutcome,
  type Ledger,
} from '@postroom/ledger';
import { LEDGER } from '@postroom/runtime';

/** One outcome to write, with what the bounce service needs when it is a bounce. */
export interface OutcomeWrite {
  readonly outcome: DeliveryOutcome;
  readonly rejected?: Omit<DeliveryRejected, 'at'>;
}

/**
 * Writes a batch of send outcomes in one transaction: the deliveries' guarded status changes,
 * the quota given back and delivered on their account days, and `delivery.rejected` for the
 * bounces to the outbox. Returns the ids of the deliveries that changed.
 */
@Injectable()
export class OutcomeWriter {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly deliveries: DeliveryStore,
    private readonly days: QuotaDayStore,
    private readonly outbox: OutboxStore,
  ) {}

  write(batch: readonly OutcomeWrite[], now: Date): Promise<Set<string>> {
    return this.ledger.tx(async (sql) => {
      const rows = await this.deliveries.recordOutcomes(
        sql,
        batch.map((p) => p.outcome),
        now,
      );
      await this.days.applyDeltas(sql, accountDayDeltas(rows));
      const changedIds = new Set(rows.map((r) => r.id));
      const at = now.toISOString();
      const rejected = batch
        .filter((p) => p.rejected && changedIds.has(p.outcome.id))
        .map((p) => ({ routingKey: MessageName.DeliveryRejected, payload: { ...p.rejected, at } }));
      await this.outbox.add(sql, rejected);
      return changedIds;
    });
  }
}

/**
 * Sums changed deliveries per account day: quota given back and delivered. Hard bounces are
 * counted by the bounce service, which classifies each refusal (a 5xx for our reputation is an
 * account error, not the recipient's hard bounce).
 */
export function accountDayDeltas(rows: readonly ChangedDelivery[]): AccountDayDelta[] {
  const byDay = new Map<string, AccountDayDelta>();
  for (const r of rows) {
    if (!r.quota_day) continue;
    const key = `${r.account_id}\u0000${r.quota_day}`;
    let d = byDay.get(key);
    if (!d) {
      d = { accountId: r.account_id, day: r.quota_day, returned: 0, delivered: 0 };
      byDay.set(key, d);
    }
    if (r.quota_returned) d.returned++;
    if (r.status === 'sent') d.delivered++;
  }
  return [...byDay.values()];
}
