import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, bounceEnv } from '@postroom/config';
import { QuarantineStore, type Ledger } from '@postroom/ledger';
import { CLOCK, CONFIG, LEDGER, LOGGER, type Clock } from '@postroom/runtime';
import type { Logger } from 'pino';

const PURGE_EVERY_MS = 15 * 60_000;
const BATCH = 1000;
const DAY_MS = 86_400_000;

/**
 * Deletes quarantined messages QUARANTINE_DAYS after they arrived, on the injected clock, in
 * small batches so no long lock holds up the listener. Several bounce instances may run it at
 * once: each delete takes what is left.
 */
@Injectable()
export class QuarantinePurge implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof bounceEnv>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly store: QuarantineStore,
  ) {}

  onApplicationBootstrap(): void {
    const pass = () => {
      if (this.running) return;
      this.running = this.runOnce()
        .then(
          (n) => void (n > 0 && this.logger.info({ deleted: n }, 'expired quarantined messages deleted')),
          (err: Error) => this.logger.warn({ err: err.message }, 'quarantine purge failed'),
        )
        .finally(() => (this.running = undefined));
    };
    pass();
    this.timer = setInterval(pass, PURGE_EVERY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes what has expired; returns how many. */
  async runOnce(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.QUARANTINE_DAYS * DAY_MS);
    let total = 0;
    for (;;) {
      const n = await this.store.purge(this.ledger, before, BATCH);
      total += n;
      if (n < BATCH) return total;
    }
  }
}
