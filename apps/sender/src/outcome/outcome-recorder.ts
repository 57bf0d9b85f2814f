import { retrying } from '@postroom/backoff';
import { MessageName, type DeliveryRejected } from '@postroom/contracts';
import {
  DeliveryStore,
  OutboxStore,
  QuotaStore,
  type AccountDayDelta,
  type ChangedDelivery,
  type DeliveryOutcome,
  type Ledger,
} from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import type { Clock } from '@postroom/runtime';
import type { Logger } from 'pino';

export interface RecordRequest {
  readonly outcome: DeliveryOutcome;
  /** For a bounce: what the bounce service needs, published through the outbox. */
  readonly rejected?: Omit<DeliveryRejected, 'at'>;
}

const WRITE_ATTEMPTS = 12;

interface Pending extends RecordRequest {
  resolve(): void;
  reject(err: Error): void;
}

/**
 * Collects outcomes from many concurrent sends and writes them in one transaction per batch
 * (flush every `flushMs` or `maxBatch` outcomes): the ledger write stays off the per-email path.
 * A caller's promise resolves only after its outcome committed, so acks follow commits.
 */
export class OutcomeRecorder {
  private readonly deliveries = new DeliveryStore();
  private readonly quota = new QuotaStore();
  private readonly outbox: OutboxStore;
  private pending: Pending[] = [];
  private timer?: NodeJS.Timeout;
  private flushing = Promise.resolve();

  constructor(
    private readonly ledger: Ledger,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly flushMs: number,
    private readonly maxBatch = 500,
  ) {
    this.outbox = new OutboxStore(ledger);
  }

  record(request: RecordRequest): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ ...request, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flushSoon(0);
      else this.flushSoon(this.flushMs);
    });
  }

  /** Writes everything pending now. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  private flushSoon(delay: number): void {
    if (this.timer && delay > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  private async write(batch: Pending[]): Promise<void> {
    // the emails already left: keep trying for a while rather than lose what the server said
    try {
      await retrying(() => this.writeOnce(batch), {
        attempts: WRITE_ATTEMPTS,
        backoff: { baseMs: 200, maxMs: 5000 },
        onRetry: (err, attempt) =>
          this.logger.warn({ err: (err as Error).message, attempt }, 'recording outcomes failed; retrying'),
      });
    } catch (err) {
      this.logger.error(
        { err: (err as Error).message, size: batch.length },
        'recording outcomes failed; giving up',
      );
      for (const p of batch) p.reject(err as Error);
    }
  }

  private async writeOnce(batch: Pending[]): Promise<void> {
    {
      const now = this.clock.now();
      const changed = await this.ledger.tx(async (sql) => {
        const rows = await this.deliveries.recordOutcomes(
          sql,
          batch.map((p) => p.outcome),
          now,
        );
        await this.quota.applyDeltas(sql, accountDayDeltas(rows));
        const changedIds = new Set(rows.map((r) => r.id));
        const at = now.toISOString();
        const rejected = batch
          .filter((p) => p.rejected && changedIds.has(p.outcome.id))
          .map((p) => ({ routingKey: MessageName.DeliveryRejected, payload: { ...p.rejected, at } }));
        await this.outbox.add(sql, rejected);
        return changedIds;
      });
      for (const p of batch) {
        if (changed.has(p.outcome.id)) this.metrics.deliveries.inc({ status: p.outcome.status });
        p.resolve();
      }
    }
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
