import { Module, type DynamicModule } from '@nestjs/common';
import type { ConfigOf, senderEnv } from '@postroom/config';
import { ThrottleStore, type Ledger } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import {
  CLOCK,
  CoreModule,
  LEDGER,
  LOGGER,
  METRICS,
  OutboxRelayService,
  type Clock,
  type CoreOptions,
} from '@postroom/runtime';
import type { Logger } from 'pino';
import { DeliverySendConsumer } from './delivery-send.consumer';
import { NotificationSendConsumer } from './notification-send.consumer';
import { SendNoticeService } from './send-notice.service';

import { SendDeliveryService } from './send-delivery.service';
import { MAIL_TRANSPORT } from './transports/mail-transport';
import { deliveryTransport } from './transports/delivery-transport';

/** Consumes `delivery.send`, renders and sends through SMTP, records outcomes. */
@Module({})
export class SenderModule {
  static forRoot(core: CoreOptions & { config: ConfigOf<typeof senderEnv> }): DynamicModule {
    const c = core.config;
    return {
      module: SenderModule,
      imports: [CoreModule.forRoot(core)],
      controllers: [DeliverySendConsumer, NotificationSendConsumer],
      providers: [
        ThrottleStore,
        {
          provide: MAIL_TRANSPORT,
          useFactory: (
            ledger: Ledger,
            store: ThrottleStore,
            metrics: Metrics,
            clock: Clock,
            logger: Logger,
          ) => deliveryTransport({ config: c, ledger, store, metrics, clock, logger }),
          inject: [LEDGER, ThrottleStore, METRICS, CLOCK, LOGGER],
        },
        SendDeliveryService,
        SendNoticeService,
        OutboxRelayService,
      ],
    };
  }
}
