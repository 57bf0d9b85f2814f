import { Module, type DynamicModule } from '@nestjs/common';
import type { ConfigOf, senderEnv } from '@postroom/config';
import { CoreModule, OutboxRelayService, type CoreOptions } from '@postroom/runtime';
import { DeliverySendConsumer } from './delivery-send.consumer';
import { NotificationSendConsumer } from './notification-send.consumer';
import { SendNoticeService } from './send-notice.service';

import { SendDeliveryService } from './send-delivery.service';
import { MAIL_TRANSPORT } from './transports/mail-transport';
import { SmtpTransport } from './transports/smtp.transport';
import { smsProviders, SmsSendConsumer } from './sms/sms.providers';

/** Consumes `delivery.send`, renders and sends through SMTP, records outcomes. */
@Module({})
export class SenderModule {
  static forRoot(core: CoreOptions & { config: ConfigOf<typeof senderEnv> }): DynamicModule {
    const c = core.config;
    return {
      module: SenderModule,
      imports: [CoreModule.forRoot(core)],
      controllers: [DeliverySendConsumer, NotificationSendConsumer, SmsSendConsumer],
      providers: [
        {
          provide: MAIL_TRANSPORT,
          useFactory: () =>
            new SmtpTransport({ url: c.SMTP_URL, poolSize: c.SMTP_POOL_SIZE, timeoutMs: c.SMTP_TIMEOUT_MS }),
        },
        SendDeliveryService,
        SendNoticeService,
        OutboxRelayService,
        ...smsProviders(c),
      ],
    };
  }
}
