import { Module, type DynamicModule } from '@nestjs/common';
import type { ConfigOf } from '@postroom/config';
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
import { SendingClaims } from './claims/sending-claims';
import { DeliveryMailer } from './delivery-mailer';
import { DeliverySendConsumer } from './delivery-send.consumer';
import { DkimAnnouncer } from './dkim/dkim-announcer.service';
import { DkimSigner } from './dkim/dkim-signer';
import { DkimTransport } from './dkim/dkim-transport';
import { UnsignedDomains } from './dkim/unsigned-domains';
import { SenderLease } from './lease/sender-lease.service';
import { NotificationSendConsumer } from './notification-send.consumer';
import { OutcomeRecorder } from './outcome/outcome-recorder';
import { OutcomeWriter } from './outcome/outcome-writer';
import { CampaignMessages } from './render/campaign-messages';
import { CachedLinkRegistry } from './render/link-registry';
import { CompiledRenderer } from './render/compiled-message';
import { SendDeliveryService } from './send-delivery.service';
import { SendNoticeService } from './send-notice.service';
import type { senderAppEnv } from './sender-env';
import { MAIL_TRANSPORT } from './transports/mail-transport';
import { deliveryTransport } from './transports/delivery-transport';
import { smsProviders, SmsSendConsumer } from './sms/sms.providers';

/** Consumes `delivery.send`, renders (compiled per campaign), signs (DKIM) and sends through SMTP, records outcomes. */
@Module({})
export class SenderModule {
  static forRoot(core: CoreOptions & { config: ConfigOf<typeof senderAppEnv> }): DynamicModule {
    const c = core.config;
    return {
      module: SenderModule,
      imports: [CoreModule.forRoot(core)],
      controllers: [DeliverySendConsumer, NotificationSendConsumer, SmsSendConsumer],
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
          // compiled message → DKIM signature over its final bytes → the (throttled) delivery transport, as `raw`
          useFactory: (
            ledger: Ledger,
            store: ThrottleStore,
            metrics: Metrics,
            clock: Clock,
            logger: Logger,
            signer: DkimSigner,
            unsigned: UnsignedDomains,
          ) =>
            new DkimTransport(
              deliveryTransport({ config: c, ledger, store, metrics, clock, logger }),
              signer,
              unsigned,
            ),
          inject: [LEDGER, ThrottleStore, METRICS, CLOCK, LOGGER, DkimSigner, UnsignedDomains],
        },
        DkimAnnouncer,
        SenderLease,
        SendingClaims,
        TRACKING_SIGNER,
        CachedLinkRegistry,
        {
          provide: CompiledRenderer,
          inject: [TokenSigner, CachedLinkRegistry, CLOCK],
          useFactory: (signer: TokenSigner, links: CachedLinkRegistry, clock: Clock) =>
            new CompiledRenderer({
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
              c.OUTCOME_FLUSH_SIZE,
            ),
        },
        DeliveryMailer,
        SendDeliveryService,
        SendNoticeService,
        OutboxRelayService,
        ...smsProviders(c),
      ],
    };
  }
}
