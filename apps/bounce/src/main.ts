import { bounceEnv } from '@postroom/config';
import { bootstrap } from '@postroom/runtime';
import { BounceModule } from './bounce.module';

void bootstrap({
  service: 'bounce',
  schema: bounceEnv,
  port: (c) => c.BOUNCE_PORT,
  opsPort: (c) => c.BOUNCE_OPS_PORT,
  module: ({ config, logger, ledger, broker }) =>
    BounceModule.forRoot({ service: 'bounce', config, logger, ledger, broker }),
});
