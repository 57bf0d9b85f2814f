import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import { CONFIG, LOGGER } from '@postroom/runtime';
import type { Logger } from 'pino';
import { Loop } from './loop';
import { SmsDispatcherService, type SmsDispatchSettings } from './sms-dispatcher.service';

/** Runs SMS dispatch beside email's, on the same interval, and its sweep a few times a minute. */
@Injectable()
export class SmsDispatchLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly dispatch: Loop;
  private readonly sweep: Loop;

  constructor(
    @Inject(CONFIG) config: ConfigOf<typeof schedulerEnv>,
    @Inject(LOGGER) logger: Logger,
    sms: SmsDispatcherService,
  ) {
    const settings: SmsDispatchSettings = {
      batch: config.DISPATCH_BATCH_SIZE,
      sendBatch: config.DELIVERY_SEND_BATCH,
      maxInFlight: config.DISPATCH_MAX_IN_FLIGHT,
    };
    this.dispatch = new Loop(
      'sms-dispatcher',
      config.DISPATCH_INTERVAL_MS,
      () => sms.dispatchOnce(settings),
      logger,
    );
    const every = Math.max(500, config.REDISPATCH_AFTER_MS / 4);
    this.sweep = new Loop(
      'sms-sweeper',
      every,
      async () => {
        await sms.sweep(config.REDISPATCH_AFTER_MS, config.SMS_RECEIPT_TIMEOUT_MS, settings);
        return 0;
      },
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.dispatch.start();
    this.sweep.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.dispatch.stop(), this.sweep.stop()]);
  }
}
