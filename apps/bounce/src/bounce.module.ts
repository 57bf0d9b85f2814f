import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, OutboxRelayService, type CoreOptions } from '@postroom/runtime';
import { BounceReceivedConsumer } from './bounce-received.consumer';
import { BounceRecorder } from './bounce-recorder.service';
import { BounceSmtpListener } from './bounce-smtp.listener';
import { DeliveryRejectedConsumer } from './delivery-rejected.consumer';
import { InboundBounceService } from './inbound-bounce.service';
import { NoticeScheduler } from './notice-scheduler.service';

/** Classifies SMTP-time rejections, DSNs and complaints; blacklists; sends error notices. */
@Module({})
export class BounceModule {
  static forRoot(core: CoreOptions): DynamicModule {
    return {
      module: BounceModule,
      imports: [CoreModule.forRoot(core)],
      providers: [
        BounceRecorder,
        InboundBounceService,
        DeliveryRejectedConsumer,
        BounceReceivedConsumer,
        BounceSmtpListener,
        NoticeScheduler,
        OutboxRelayService,
      ],
    };
  }
}
