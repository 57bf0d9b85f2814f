import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import { MessageName, type DeliverySend } from '@postroom/contracts';
import { QuotaStore, type ClaimedDelivery, type Ledger } from '@postroom/ledger';
import type { Broker } from '@postroom/messaging';
import type { Metrics } from '@postroom/metrics';
import { BROKER, CLOCK, CONFIG, LEDGER, LOGGER, METRICS, type Clock } from '@postroom/runtime';
import type { Logger } from 'pino';
import { AccountDayService } from '../quota/account-day.service';
import { Loop } from './loop';

/**
 * Claims due deliveries within each account's daily limit and hands them to the sender as
 * `delivery.send`. The claim commits first, then the messages are published with confirms; if
 * the process dies in between, the sweeper publishes them again (DispatchSweeper), so nothing
 * claimed is lost. Work past the limit is marked deferred with the day it will go.
 */
@Injectable()
export class DispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly quota = new QuotaStore();
  private readonly loop: Loop;

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(BROKER) private readonly broker: Broker,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof schedulerEnv>,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
    private readonly accountDays: AccountDayService,
  ) {
    this.loop = new Loop('dispatcher', config.DISPATCH_INTERVAL_MS, () => this.dispatchOnce(), logger);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** One pass over every account; returns how many deliveries were dispatched. */
  async dispatchOnce(): Promise<number> {
    let total = 0;
    // dispatch only as far ahead as the senders can take: work waits in the ledger, not the queue
    let budget = this.config.DISPATCH_MAX_IN_FLIGHT - (await this.inFlight());
    for (const accountId of await this.accountsWithWork()) {
      if (budget <= 0) break;
      const n = await this.dispatchAccount(accountId, Math.min(budget, this.config.DISPATCH_BATCH_SIZE));
      budget -= n;
      total += n;
    }
    return total;
  }

  /** Opens the account's day if needed, checks the block lines, claims within the limit. */
  async dispatchAccount(accountId: string, batch = this.config.DISPATCH_BATCH_SIZE): Promise<number> {
    const open = await this.accountDays.ensureOpen(accountId);
    if (!open || open.account.status !== 'active') return 0;
    if (await this.accountDays.blockIfCrossed(open)) return 0;
    const now = this.clock.now();
    const claimed = await this.ledger.tx((sql) => this.quota.claim(sql, accountId, batch, now));
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
    if (!(await this.quota.hasDueQueued(this.ledger, accountId, now))) return;
    const deferred = await this.ledger.tx((sql) =>
      this.quota.deferRest(sql, open.account, open.today.day, 0, now),
    );
    if (deferred > 0) this.metrics.deliveries.inc({ status: 'deferred' }, deferred);
  }

  private async inFlight(): Promise<number> {
    const res = await this.ledger.query<{ n: number }>(
      `select count(*)::int as n from deliveries where status in ('dispatched', 'sending') and channel = 'email'`,
    );
    return res.rows[0].n;
  }

  /** Active accounts that have waiting work. */
  private async accountsWithWork(): Promise<string[]> {
    const res = await this.ledger.query<{ id: string }>(
      `select a.id from accounts a
        where a.status = 'active'
          and exists (select 1 from deliveries d where d.account_id = a.id and d.status in ('queued', 'retrying', 'deferred'))
        order by a.id`,
    );
    return res.rows.map((r) => r.id);
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
