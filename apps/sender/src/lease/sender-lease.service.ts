import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, senderEnv } from '@postroom/config';
import { SenderLeaseStore, type Ledger } from '@postroom/ledger';
import { CLOCK, CONFIG, LEDGER, LOGGER, type Clock } from '@postroom/runtime';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';

/**
 * This sender instance's lease in the ledger (issue 15): taken before the consumers start,
 * renewed every SENDER_HEARTBEAT_MS for SENDER_LEASE_TTL_MS. The deliveries it starts carry
 * its id; when the process dies the heartbeat stops, the lease lapses, and the scheduler's
 * sweeper marks those still `sending` as `unknown` within seconds.
 */
@Injectable()
export class SenderLease implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly id = randomUUID();
  private readonly holder = `${hostname()}:${process.pid}`;
  private timer: NodeJS.Timeout | undefined;
  private readonly logger: Logger;

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly store: SenderLeaseStore,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof senderEnv>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'lease', lease: this.id });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.renew();
    this.logger.info({ ttlMs: this.config.SENDER_LEASE_TTL_MS }, 'sender lease taken');
    this.timer = setInterval(() => void this.beat(), this.config.SENDER_HEARTBEAT_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async beat(): Promise<void> {
    try {
      if (!(await this.renew()))
        this.logger.warn('sender lease had lapsed: sends in flight may have been marked unknown meanwhile');
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'sender lease heartbeat failed');
    }
  }

  private renew(): Promise<boolean> {
    return this.store.renew(
      this.ledger,
      this.id,
      this.holder,
      this.config.SENDER_LEASE_TTL_MS,
      this.clock.now(),
    );
  }
}
