import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, TRACKING_SIGNER, type CoreOptions } from '@postroom/runtime';
import { TrackingController } from './tracking.controller';
import { TrackingLookups } from './tracking-lookups';

/** Open pixel, click redirects and one-click unsubscribe; records in batches. */
@Module({})
export class TrackerModule {
  static forRoot(core: CoreOptions): DynamicModule {
    return {
      module: TrackerModule,
      imports: [CoreModule.forRoot(core)],
      providers: [TRACKING_SIGNER, TrackingLookups, TrackingController],
    };
  }
}
