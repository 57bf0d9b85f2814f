import { schedulerEnv } from '@postroom/config';
import { bootstrap } from '@postroom/runtime';
import type { FastifyInstance } from 'fastify';
import { registerApiRateLimit } from './auth/api-rate-limit';
import { registerApiAuth } from './auth/auth-hook';
import { Authenticator } from './auth/authenticator';
import { registerConsole } from './console/console-http';
import { serveOpenApi } from './openapi';
import { SchedulerModule } from './scheduler.module';

void bootstrap({
  service: 'scheduler',
  schema: schedulerEnv,
  port: (c) => c.SCHEDULER_PORT,
  opsPort: (c) => c.SCHEDULER_OPS_PORT,
  trustProxy: (c) => c.SCHEDULER_TRUST_PROXY,
  bodyLimit: (c) => c.SUBMIT_MAX_BODY_BYTES,
  module: ({ config, logger, ledger, broker }) =>
    SchedulerModule.forRoot({ service: 'scheduler', config, logger, ledger, broker }),
  beforeListen: async (app, config) => {
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    // the token is checked before any body is read (Nest's guards run after parsing), then counted
    registerApiAuth(fastify, app.get(Authenticator));
    await registerApiRateLimit(fastify, {
      max: config.API_RATE_LIMIT_MAX,
      windowMs: config.API_RATE_LIMIT_WINDOW_MS,
    });
    // NDJSON segments are streamed to the handler, never buffered whole
    fastify.addContentTypeParser(
      'application/x-ndjson',
      (_req: unknown, payload: unknown, done: (err: null, body: unknown) => void) => done(null, payload),
    );
    await registerConsole(fastify);
    serveOpenApi(app);
  },
});
