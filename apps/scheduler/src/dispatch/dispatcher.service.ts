import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import { MessageName, type DeliverySend } from '@postroom/contracts';
import type { ClaimedDelivery } from '@postroom/ledger';
import type { Publisher } from '@postroom/messaging';
import type { Metrics } from '@postroom/metrics';
import { BROKER, CLOCK, CONFIG, METRICS, type Clock } from '@postroom/runtime';
import { AccountDayService } from '../quota/account-day.service';
import { DispatchQueue } from './dispatch-queue';

/**
 * Claims due deliveries within each account's daily limit and hands them to the sender as
 * `delivery.send`. The claim commits first, then the messages are published with confirms; if
 * the process dies in between, the sweeper publishes them again (DispatchSweeper), so nothing
 * claimed is lost. Work past the limit is marked deferred with the day it will go. DispatchLoops
 * runs it on a timer.
 */
@Injectable()
export class DispatcherService {
  constructor(
    private readonly queue: DispatchQueue,
    @Inject(BROKER) private readonly broker: Publisher,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof schedulerEnv>,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly accountDays: AccountDayService,
  ) {}

  /** One pass over every account; returns how many deliveries were dispatched. */
  async dispatchOnce(): Promise<number> {
    let total = 0;
    // dispatch only as far ahead as the senders can take: work waits in the ledger, not the queue
    let budget = this.config.DISPATCH_MAX_IN_FLIGHT - (await this.queue.inFlight());
    // and refill in large claims, not a sliver each tick: one statement per DISPATCH_BATCH_SIZE
    // (or half the in-flight bound), while the other half still keeps the senders busy
    if (budget < this.refillAt()) return 0;
    for (const accountId of await this.queue.accountsWithWork()) {
      if (budget <= 0) break;
      const n = await this.dispatchAccount(accountId, Math.min(budget, this.config.DISPATCH_BATCH_SIZE));
      budget -= n;
      total += n;
    }
    return total;
  }

  /** The room in flight worth a claim: a full batch, or half the bound when that is smaller. */
  private refillAt(): number {
    return Math.min(this.config.DISPATCH_BATCH_SIZE, Math.ceil(this.config.DISPATCH_MAX_IN_FLIGHT / 2));
  }

  /** Opens the account's day if needed, checks the block lines, claims within the limit. */
  async dispatchAccount(accountId: string, batch = this.config.DISPATCH_BATCH_SIZE): Promise<number> {
    const open = await this.accountDays.ensureOpen(accountId);
    if (!open || open.account.status !== 'active') return 0;
    if (await this.accountDays.blockIfCrossed(open)) return 0;
    const now = this.clock.now();
    const claimed = await this.queue.claim(accountId, batch, now);
    this.metrics.hotStatements.inc({ kind: 'dispatch-claim' });
    if (claimed.length > 0) {
      await this.publish(claimed);
      this.metrics.dispatched.inc({ kind: 'first' }, claimed.length);
      this.metrics.deliveries.inc({ status: 'dispatched' }, claimed.length);
    }
    if (claimed.length < batch) await this.deferIfLimitReached(accountId, now);
    return claimed.length;
  }

  private async deferIfLimitReached(accountId: string, now: Date): Promise<void> {
    const open = await this.accountDays.ensureOpen(accountId);
    if (!open || open.today.used < open.today.daily_limit) return;
    const deferred = await this.queue.deferWaiting(open.account, open.today.day, now);
    if (deferred > 0) this.metrics.deliveries.inc({ status: 'deferred' }, deferred);
  }

  async publish(claimed: readonly ClaimedDelivery[]): Promise<void> {
    const size = this.config.DELIVERY_SEND_BATCH;
    const messages = [];
    for (let i = 0; i < claimed.length; i += size) {
      const payload: DeliverySend = { deliveryIds: claimed.slice(i, i + size).map((d) => d.id) };
      messages.push({
        routingKey: MessageName.DeliverySend,
        payload,
        messageId: `send-${payload.deliveryIds[0]}`,
      });
    }
    await this.broker.publishMany(messages);
  }
}
