import { trackerEnv } from '@postroom/config';
import { bootstrap } from '@postroom/runtime';
import type { FastifyInstance } from 'fastify';
import { TrackerModule } from './tracker.module';
import { TrackingController } from './tracking.controller';

void bootstrap({
  service: 'tracker',
  schema: trackerEnv,
  port: (c) => c.TRACKER_PORT,
  opsPort: (c) => c.TRACKER_OPS_PORT,
  module: ({ config, logger, ledger, broker }) =>
    TrackerModule.forRoot({ service: 'tracker', config, logger, ledger, broker }),
  trustProxy: (c) => c.TRACKER_TRUST_PROXY,
  beforeListen: async (app) => {
    await app
      .get(TrackingController)
      .register(app.getHttpAdapter().getInstance() as unknown as FastifyInstance);
  },
  frontHandler: (app) => app.get(TrackingController).answerPixel,
});
