import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import { MessageName, type DeliverySend } from '@postroom/contracts';
import { DeliveryStore, type ClaimedDelivery, type Ledger } from '@postroom/ledger';
import type { Broker } from '@postroom/messaging';
import type { Metrics } from '@postroom/metrics';
import { BROKER, CONFIG, LEDGER, LOGGER, METRICS } from '@postroom/runtime';
import type { Logger } from 'pino';
import { Loop } from './loop';

/**
 * Claims due deliveries in the ledger and hands them to the sender as `delivery.send`.
 * The claim commits first, then the messages are published with confirms; if the process dies
 * in between, the sweeper publishes them again (DispatchSweeper), so nothing claimed is lost.
 */
@Injectable()
export class DispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly deliveries = new DeliveryStore();
  private readonly loop: Loop;

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(BROKER) private readonly broker: Broker,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof schedulerEnv>,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.loop = new Loop('dispatcher', config.DISPATCH_INTERVAL_MS, () => this.dispatchOnce(), logger);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** One pass over every active account; returns how many deliveries were dispatched. */
  async dispatchOnce(): Promise<number> {
    let total = 0;
    const accounts = await this.deliveries.activeAccounts(this.ledger);
    for (const account of accounts) {
      const claimed = await this.ledger.tx((sql) =>
        this.deliveries.claimDue(sql, account, this.config.DISPATCH_BATCH_SIZE),
      );
      if (claimed.length === 0) continue;
      await this.publish(claimed);
      this.metrics.dispatched.inc({ kind: 'first' }, claimed.length);
      this.metrics.deliveries.inc({ status: 'dispatched' }, claimed.length);
      total += claimed.length;
    }
    return total;
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
