import { Inject, Injectable } from '@nestjs/common';
import { QuarantineStore, type Ledger } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import { CLOCK, LEDGER, LOGGER, METRICS, type Clock } from '@postroom/runtime';
import type { Logger } from 'pino';

/** Keeps an inbound message aside with its cause: stored, counted and logged. */
@Injectable()
export class QuarantineKeeper {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly store: QuarantineStore,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async keep(raw: Buffer, source: string, envelopeTo: string | undefined, cause: string, detail: string) {
    await this.store.quarantine(this.ledger, { source, cause, detail, envelopeTo, raw }, this.clock.now());
    this.metrics.bouncesQuarantined.inc({ cause });
    this.logger.info({ cause, detail: detail.slice(0, 200), source }, 'inbound message quarantined');
  }
}
