import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxStore } from '@postroom/ledger';
import { OutboxRelay, type Broker } from '@postroom/messaging';
import { BROKER, LOGGER } from './tokens';
import type { Logger } from 'pino';

/** Publishes what this service committed to the outbox (delivery.rejected, notification.send). */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(outbox: OutboxStore, @Inject(BROKER) broker: Broker, @Inject(LOGGER) logger: Logger) {
    this.relay = new OutboxRelay(outbox, broker, logger.child({ component: 'outbox' }));
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
