import { Module, type DynamicModule } from '@nestjs/common';
import { BounceStore } from '@postroom/ledger';
import { CoreModule, OutboxRelayService, type CoreOptions } from '@postroom/runtime';
import { BounceReceivedConsumer } from './bounce-received.consumer';
import { BounceRecorder } from './bounce-recorder.service';
import { BounceSmtpListener } from './bounce-smtp.listener';
import { DeliveryRejectedConsumer } from './delivery-rejected.consumer';
import { InboundBounceService } from './inbound-bounce.service';
import { NoticeScheduler } from './notice-scheduler.service';
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
        BounceStore,
        RecipientGate,
        BounceRecorder,
        InboundBounceService,
        BounceSmtpListener,
        NoticeScheduler,
        QuarantinePurge,
        OutboxRelayService,
      ],
    };
  }
}
