import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import { DeliveryStore, SenderLeaseStore, type Ledger } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import { CLOCK, CONFIG, LEDGER, LOGGER, METRICS, type Clock } from '@postroom/runtime';
import type { Logger } from 'pino';
import { AccountDayService } from '../quota/account-day.service';
import { DispatcherService } from './dispatcher.service';
import { Loop } from './loop';

/**
 * Heals what a crash leaves behind: claimed deliveries whose message never reached the broker
 * are published again; sends that began and never ended become `unknown` (not resent). Also
 * watches every account's running figures against the block lines.
 */
@Injectable()
export class DispatchSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly deliveries = new DeliveryStore();
  private readonly leases = new SenderLeaseStore();
  private readonly loop: Loop;

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof schedulerEnv>,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dispatcher: DispatcherService,
    private readonly accountDays: AccountDayService,
  ) {
    // at least every 5 s: a lapsed sender lease's sends become `unknown` within seconds
    const every = Math.max(
      500,
      Math.min(config.REDISPATCH_AFTER_MS, config.SENDING_STALE_AFTER_MS, 20_000) / 4,
    );
    this.loop = new Loop('dispatch-sweeper', every, () => this.sweepOnce(), logger);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  async sweepOnce(): Promise<number> {
    const now = this.clock.now();
    const stale = await this.ledger.tx((sql) =>
      this.deliveries.touchStaleDispatched(
        sql,
        this.config.REDISPATCH_AFTER_MS,
        this.config.DISPATCH_BATCH_SIZE,
        now,
      ),
    );
    if (stale.length > 0) {
      await this.dispatcher.publish(stale);
      this.metrics.dispatched.inc({ kind: 'redispatch' }, stale.length);
      this.logger.warn({ count: stale.length }, 'published stale dispatched deliveries again');
    }
    const unknown = await this.deliveries.markStaleSendingUnknown(
      this.ledger,
      this.config.SENDING_STALE_AFTER_MS,
      now,
    );
    if (unknown > 0) {
      this.metrics.deliveries.inc({ status: 'unknown' }, unknown);
      this.logger.warn({ count: unknown }, 'sends that never finished marked unknown');
    }
    const lapsed = await this.leases.settleLapsed(this.ledger, now);
    if (lapsed > 0) {
      this.metrics.deliveries.inc({ status: 'unknown' }, lapsed);
      this.logger.warn({ count: lapsed }, 'sends of a sender whose lease lapsed marked unknown');
    }
    await this.blockAccountsOverTheLine(now);
    // sweeping is never "busy": the loop waits its interval between passes
    return 0;
  }

  /** Accounts with nothing to send are still blocked as soon as late complaints or bounces cross the line. */
  private async blockAccountsOverTheLine(now: Date): Promise<void> {
    const res = await this.ledger.query<{ id: string }>(
      `select a.id from accounts a where a.status = 'active'
          and exists (select 1 from quota_days q where q.account_id = a.id
                       and q.day > ($2::timestamptz at time zone a.time_zone)::date - $1::int)`,
      [this.config.REPUTATION_WINDOW_DAYS + 1, now],
    );
    for (const { id } of res.rows) {
      const open = await this.accountDays.ensureOpen(id);
      if (open) await this.accountDays.blockIfCrossed(open);
    }
  }
}
