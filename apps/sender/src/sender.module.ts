import { Module, type DynamicModule } from '@nestjs/common';
import type { ConfigOf } from '@postroom/config';
import { SigningDomainStore } from '@postroom/ledger';
import {
  CLOCK,
  CoreModule,
  LOGGER,
  OutboxRelayService,
  type Clock,
  type CoreOptions,
} from '@postroom/runtime';
import type { Logger } from 'pino';
import { DeliverySendConsumer } from './delivery-send.consumer';
import { DkimAnnouncer } from './dkim/dkim-announcer.service';
import { DkimSigner } from './dkim/dkim-signer';
import { DkimTransport } from './dkim/dkim-transport';
import { UnsignedDomains } from './dkim/unsigned-domains';
import { NotificationSendConsumer } from './notification-send.consumer';
import { SendNoticeService } from './send-notice.service';
import type { senderAppEnv } from './sender-env';

import { SendDeliveryService } from './send-delivery.service';
import { MAIL_TRANSPORT } from './transports/mail-transport';
import { SmtpTransport } from './transports/smtp.transport';

/** Consumes `delivery.send`, renders, signs (DKIM) and sends through SMTP, records outcomes. */
@Module({})
export class SenderModule {
  static forRoot(core: CoreOptions & { config: ConfigOf<typeof senderAppEnv> }): DynamicModule {
    const c = core.config;
    return {
      module: SenderModule,
      imports: [CoreModule.forRoot(core)],
      controllers: [DeliverySendConsumer, NotificationSendConsumer],
      providers: [
        {
          provide: DkimSigner,
          inject: [CLOCK],
          useFactory: (clock: Clock) => new DkimSigner(c.DKIM_KEYS, () => clock.now()),
        },
        {
          provide: UnsignedDomains,
          inject: [LOGGER],
          useFactory: (logger: Logger) => new UnsignedDomains(logger.child({ component: 'dkim' })),
        },
        {
          provide: MAIL_TRANSPORT,
          inject: [DkimSigner, UnsignedDomains],
          // compiled message → DKIM signature over its final bytes → the pool, as `raw`
          useFactory: (signer: DkimSigner, unsigned: UnsignedDomains) =>
            new DkimTransport(
              new SmtpTransport({
                url: c.SMTP_URL,
                poolSize: c.SMTP_POOL_SIZE,
                timeoutMs: c.SMTP_TIMEOUT_MS,
              }),
              signer,
              unsigned,
            ),
        },
        SigningDomainStore,
        DkimAnnouncer,
        SendDeliveryService,
        SendNoticeService,
        OutboxRelayService,
      ],
    };
  }
}
