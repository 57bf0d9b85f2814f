import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MessageName, type BounceReceived } from '@postroom/contracts';
import { ack, consumer, deadLetter, type HandleResult } from '@postroom/messaging';
import { InboundBounceService } from './inbound-bounce.service';

/** `bounce.received`: a raw bounce or complaint an MTA piped into the broker, with its envelope recipient. */
@Controller()
export class BounceReceivedConsumer {
  constructor(private readonly inbound: InboundBounceService) {}

  @EventPattern(MessageName.BounceReceived, consumer('bounce.bounce-received', { prefetch: 8 }))
  async handle(@Payload() payload: BounceReceived): Promise<HandleResult> {
    const raw = Buffer.from(payload.rawBase64, 'base64');
    if (raw.length === 0) return deadLetter('rawBase64 is empty or not base64');
    await this.inbound.process(raw, 'broker', payload.envelopeTo);
    return ack;
  }
}
