import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigOf, senderEnv } from '@postroom/config';
import { MessageName } from '@postroom/contracts';
import { ack, type Broker } from '@postroom/messaging';
import { BROKER, CONFIG } from '@postroom/runtime';
import { SendDeliveryService } from './send-delivery.service';

/** `delivery.send`: one batch of claimed deliveries; acked after every outcome committed. */
@Injectable()
export class DeliverySendConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(BROKER) private readonly broker: Broker,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof senderEnv>,
    private readonly sendDelivery: SendDeliveryService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.broker.consume(
      {
        message: MessageName.DeliverySend,
        name: 'sender.delivery-send',
        prefetch: this.config.SENDER_PREFETCH,
      },
      async (payload) => {
        await this.sendDelivery.sendBatch(payload.deliveryIds);
        return ack;
      },
    );
  }
}
