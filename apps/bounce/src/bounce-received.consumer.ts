import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { MessageName } from '@postroom/contracts';
import { ack, deadLetter, type Broker } from '@postroom/messaging';
import { BROKER } from '@postroom/runtime';
import { InboundBounceService } from './inbound-bounce.service';

/** `bounce.received`: a raw bounce or complaint an MTA piped into the broker, with its envelope recipient. */
@Injectable()
export class BounceReceivedConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(BROKER) private readonly broker: Broker,
    private readonly inbound: InboundBounceService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.broker.consume(
      { message: MessageName.BounceReceived, name: 'bounce.bounce-received', prefetch: 8 },
      async (payload) => {
        const raw = Buffer.from(payload.rawBase64, 'base64');
        if (raw.length === 0) return deadLetter('rawBase64 is empty or not base64');
        await this.inbound.process(raw, 'broker', payload.envelopeTo);
        return ack;
      },
    );
  }
}
