import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, OutboxRelayService, TRACKING_SIGNER, type CoreOptions } from '@postroom/runtime';
import { BounceReceivedConsumer } from './bounce-received.consumer';
import { BounceRecorder } from './bounce-recorder.service';
import { BounceSmtpListener } from './bounce-smtp.listener';
import { DeliveryRejectedConsumer } from './delivery-rejected.consumer';
import { InboundBounceService } from './inbound-bounce.service';
import { NoticeScheduler } from './notice-scheduler.service';
import { QuarantineKeeper } from './quarantine-keeper';
import { QuarantinePurge } from './quarantine-purge.service';
import { RecipientGate } from './recipient-gate';

/** Classifies SMTP-time rejections, DSNs and complaints; blacklists; sends error notices. */
@Module({})
export class BounceModule {
  static forRoot(core: CoreOptions): DynamicModule {
    return {
      module: BounceModule,
      imports: [CoreModule.forRoot(core)],
      controllers: [DeliveryRejectedConsumer, BounceReceivedConsumer],
      providers: [
        TRACKING_SIGNER,
        RecipientGate,
        BounceRecorder,
        InboundBounceService,
        BounceSmtpListener,
        NoticeScheduler,
        QuarantineKeeper,
        QuarantinePurge,
        OutboxRelayService,
      ],
    };
  }
}
