import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxStore, type Ledger } from '@postroom/ledger';
import { OutboxRelay, type Broker } from '@postroom/messaging';
import { BROKER, LEDGER, LOGGER } from './tokens';
import type { Logger } from 'pino';

/** Publishes what this service committed to the outbox (delivery.rejected, notification.send). */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(
    @Inject(LEDGER) ledger: Ledger,
    @Inject(BROKER) broker: Broker,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.relay = new OutboxRelay(new OutboxStore(ledger), broker, logger.child({ component: 'outbox' }));
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
