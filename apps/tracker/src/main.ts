import { trackerEnv } from '@postroom/config';
import { bootstrap } from '@postroom/runtime';
import { TrackerModule } from './tracker.module';

void bootstrap({
  service: 'tracker',
  schema: trackerEnv,
  port: (c) => c.TRACKER_PORT,
  module: ({ config, logger, ledger, broker }) =>
    TrackerModule.forRoot({ service: 'tracker', config, logger, ledger, broker }),
});
