import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { MessageName } from '@postroom/contracts';
import { BounceStore, type Ledger } from '@postroom/ledger';
import { ack, type Broker } from '@postroom/messaging';
import { BROKER, LEDGER } from '@postroom/runtime';
import { BounceRecorder } from './bounce-recorder.service';
import { classifySmtpReply } from './classify';

/** `delivery.rejected`: the receiving server refused a delivery during our SMTP dialogue. */
@Injectable()
export class DeliveryRejectedConsumer implements OnApplicationBootstrap {
  private readonly store = new BounceStore();

  constructor(
    @Inject(BROKER) private readonly broker: Broker,
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly recorder: BounceRecorder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.broker.consume(
      { message: MessageName.DeliveryRejected, name: 'bounce.delivery-rejected', prefetch: 16 },
      async (payload) => {
        const delivery = await this.store.deliveryById(this.ledger, payload.deliveryId);
        // a rejection of a delivery that no longer exists has nothing to act on
        if (!delivery) return ack;
        const classified = classifySmtpReply(payload.smtpReply);
        await this.recorder.record(delivery, { ...classified, recipient: delivery.email }, 'smtp');
        return ack;
      },
    );
  }
}
