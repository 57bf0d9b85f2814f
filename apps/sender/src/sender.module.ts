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
  TRACKING_SIGNER,
  type Clock,
  type CoreOptions,
} from '@postroom/runtime';
import { TokenSigner } from '@postroom/tokens';
import type { Logger } from 'pino';
import { CampaignCache } from './campaign-cache';
import { DeliveryMailer } from './delivery-mailer';
import { DeliverySendConsumer } from './delivery-send.consumer';
import { NotificationSendConsumer } from './notification-send.consumer';
import { OutcomeRecorder } from './outcome/outcome-recorder';
import { OutcomeWriter } from './outcome/outcome-writer';
import { CampaignMessages } from './render/campaign-messages';
import { CachedLinkRegistry } from './render/link-registry';
import { MessageRenderer } from './render/message-renderer';
import { SendDeliveryService } from './send-delivery.service';
import { SendNoticeService } from './send-notice.service';
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
        TRACKING_SIGNER,
        CachedLinkRegistry,
        {
          provide: MessageRenderer,
          inject: [TokenSigner, CachedLinkRegistry, CLOCK],
          useFactory: (signer: TokenSigner, links: CachedLinkRegistry, clock: Clock) =>
            new MessageRenderer({
              bounceDomain: c.BOUNCE_DOMAIN,
              trackingBaseUrl: c.TRACKING_BASE_URL,
              signer,
              links,
              clock,
            }),
        },
        CampaignCache,
        CampaignMessages,
        OutcomeWriter,
        {
          provide: OutcomeRecorder,
          inject: [OutcomeWriter, METRICS, LOGGER, CLOCK],
          useFactory: (writer: OutcomeWriter, metrics: Metrics, logger: Logger, clock: Clock) =>
            new OutcomeRecorder(
              writer,
              metrics,
              logger.child({ component: 'outcomes' }),
              clock,
              c.OUTCOME_FLUSH_MS,
            ),
        },
        DeliveryMailer,
        SendDeliveryService,
        SendNoticeService,
        OutboxRelayService,
      ],
    };
  }
}
