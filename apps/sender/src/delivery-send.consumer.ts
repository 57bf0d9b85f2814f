import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MessageName, type DeliverySend } from '@postroom/contracts';
import { consumer } from '@postroom/messaging';
import { SendDeliveryService } from './send-delivery.service';

/** `delivery.send`: one batch of claimed deliveries; acked after every outcome committed. */
@Controller()
export class DeliverySendConsumer {
  constructor(private readonly sendDelivery: SendDeliveryService) {}

  // prefetch: SENDER_PREFETCH, given to the transport at start (main.ts)
  @EventPattern(MessageName.DeliverySend, consumer('sender.delivery-send'))
  async handle(@Payload() payload: DeliverySend): Promise<void> {
    await this.sendDelivery.sendBatch(payload.deliveryIds);
  }
}
