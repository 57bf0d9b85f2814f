import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type CoreOptions } from '@postroom/runtime';

/** Boots with health and metrics; its features arrive with their own issues. */
@Module({})
export class TrackerModule {
  static forRoot(core: CoreOptions): DynamicModule {
    return { module: TrackerModule, imports: [CoreModule.forRoot(core)] };
  }
}
