import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MessageName, type NotificationSend } from '@postroom/contracts';
import { consumer, type HandleResult } from '@postroom/messaging';
import { SendNoticeService } from './send-notice.service';

/** `notification.send`: an error notice the bounce service wrote to the ledger. */
@Controller()
export class NotificationSendConsumer {
  constructor(private readonly notices: SendNoticeService) {}

  // a notice that could not go out waits a minute: the from-address's server may be down
  @EventPattern(
    MessageName.NotificationSend,
    consumer('sender.notification-send', { prefetch: 4, retryDelayMs: 60_000 }),
  )
  handle(@Payload() payload: NotificationSend): Promise<HandleResult> {
    return this.notices.send(payload.noticeId);
  }
}
