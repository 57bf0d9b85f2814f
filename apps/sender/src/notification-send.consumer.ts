import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { MessageName } from '@postroom/contracts';
import type { Broker } from '@postroom/messaging';
import { BROKER } from '@postroom/runtime';
import { SendNoticeService } from './send-notice.service';

/** `notification.send`: an error notice the bounce service wrote to the ledger. */
@Injectable()
export class NotificationSendConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(BROKER) private readonly broker: Broker,
    private readonly notices: SendNoticeService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.broker.consume(
      {
        message: MessageName.NotificationSend,
        name: 'sender.notification-send',
        prefetch: 4,
        retryDelayMs: 60_000,
      },
      async (payload) => this.notices.send(payload.noticeId),
    );
  }
}
