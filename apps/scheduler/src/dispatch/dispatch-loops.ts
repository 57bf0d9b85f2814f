import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import { CONFIG, LOGGER } from '@postroom/runtime';
import type { Logger } from 'pino';
import { AccountDayService } from '../quota/account-day.service';
import { DispatchSweeper } from './dispatch-sweeper.service';
import { DispatcherService } from './dispatcher.service';
import { Loop } from './loop';

/**
 * Runs the dispatcher, the sweeper and the block-line watch on their timers, from bootstrap to
 * shutdown; the work itself stays in the services, where tests call it pass by pass.
 */
@Injectable()
export class DispatchLoops implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loops: Loop[];

  constructor(
    dispatcher: DispatcherService,
    sweeper: DispatchSweeper,
    accountDays: AccountDayService,
    @Inject(CONFIG) config: ConfigOf<typeof schedulerEnv>,
    @Inject(LOGGER) logger: Logger,
  ) {
    // at least every 5 s: a lapsed sender lease's sends become `unknown` within seconds
    const every = Math.max(
      500,
      Math.min(config.REDISPATCH_AFTER_MS, config.SENDING_STALE_AFTER_MS, 20_000) / 4,
    );
    this.loops = [
      new Loop('dispatcher', config.DISPATCH_INTERVAL_MS, () => dispatcher.dispatchOnce(), logger),
      new Loop(
        'dispatch-sweeper',
        every,
        async () => {
          await sweeper.sweepOnce();
          await accountDays.blockAllOverTheLine();
          // sweeping is never "busy": the loop waits its interval between passes
          return 0;
        },
        logger,
      ),
    ];
  }

  onApplicationBootstrap(): void {
    for (const loop of this.loops) loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.loops.map((loop) => loop.stop()));
  }
}
