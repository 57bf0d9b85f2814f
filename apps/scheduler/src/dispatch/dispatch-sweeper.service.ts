import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import type { Metrics } from '@postroom/metrics';
import { CLOCK, CONFIG, LOGGER, METRICS, type Clock } from '@postroom/runtime';
import type { Logger } from 'pino';
import { DispatcherService } from './dispatcher.service';
import { DispatchQueue } from './dispatch-queue';

/**
 * Heals what a crash leaves behind: claimed deliveries whose message never reached the broker
 * are published again; sends that began and never ended become `unknown` (not resent).
 * DispatchLoops runs it on a timer, together with AccountDayService's block-line watch.
 */
@Injectable()
export class DispatchSweeper {
  constructor(
    private readonly queue: DispatchQueue,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof schedulerEnv>,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dispatcher: DispatcherService,
  ) {}

  /** One pass; returns how many deliveries it healed. */
  async sweepOnce(): Promise<number> {
    const now = this.clock.now();
    const stale = await this.queue.staleDispatched(
      this.config.REDISPATCH_AFTER_MS,
      this.config.DISPATCH_BATCH_SIZE,
      now,
    );
    if (stale.length > 0) {
      await this.dispatcher.publish(stale);
      this.metrics.dispatched.inc({ kind: 'redispatch' }, stale.length);
      this.logger.warn({ count: stale.length }, 'published stale dispatched deliveries again');
    }
    const unknown = await this.queue.markStaleSendingUnknown(this.config.SENDING_STALE_AFTER_MS, now);
    if (unknown > 0) {
      this.metrics.deliveries.inc({ status: 'unknown' }, unknown);
      this.logger.warn({ count: unknown }, 'sends that never finished marked unknown');
    }
    const lapsed = await this.queue.settleLapsedLeases(now);
    if (lapsed > 0) {
      this.metrics.deliveries.inc({ status: 'unknown' }, lapsed);
      this.logger.warn({ count: lapsed }, 'sends of a sender whose lease lapsed marked unknown');
    }
    return stale.length + unknown + lapsed;
  }
}
