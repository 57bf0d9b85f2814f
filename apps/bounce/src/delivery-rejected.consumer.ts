import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MessageName, type DeliveryRejected } from '@postroom/contracts';
import { BounceEventStore, type Ledger } from '@postroom/ledger';
import { consumer } from '@postroom/messaging';
import { LEDGER } from '@postroom/runtime';
import { BounceRecorder } from './bounce-recorder.service';
import { classifySmtpReply } from './classify';

/** `delivery.rejected`: the receiving server refused a delivery during our SMTP dialogue. */
@Controller()
export class DeliveryRejectedConsumer {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly store: BounceEventStore,
    private readonly recorder: BounceRecorder,
  ) {}

  @EventPattern(MessageName.DeliveryRejected, consumer('bounce.delivery-rejected', { prefetch: 16 }))
  async handle(@Payload() payload: DeliveryRejected): Promise<void> {
    const delivery = await this.store.deliveryById(this.ledger, payload.deliveryId);
    // a rejection of a delivery that no longer exists has nothing to act on
    if (!delivery) return;
    const classified = classifySmtpReply(payload.smtpReply);
    await this.recorder.record(delivery, { ...classified, recipient: delivery.email }, 'smtp');
  }
}
