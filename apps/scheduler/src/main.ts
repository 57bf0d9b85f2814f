import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { schedulerEnv } from '@postroom/config';
import { bootstrap } from '@postroom/runtime';
import { SchedulerModule } from './scheduler.module';

void bootstrap({
  service: 'scheduler',
  schema: schedulerEnv,
  port: (c) => c.SCHEDULER_PORT,
  opsPort: (c) => c.SCHEDULER_OPS_PORT,
  bodyLimit: (c) => c.SUBMIT_MAX_BODY_BYTES,
  module: ({ config, logger, ledger, broker }) =>
    SchedulerModule.forRoot({ service: 'scheduler', config, logger, ledger, broker }),
  beforeListen: (app) => {
    // NDJSON segments are streamed to the handler, never buffered whole
    app
      .getHttpAdapter()
      .getInstance()
      .addContentTypeParser(
        'application/x-ndjson',
        (_req: unknown, payload: unknown, done: (err: null, body: unknown) => void) => done(null, payload),
      );
    const doc = new DocumentBuilder()
      .setTitle('Postroom operator API')
      .setDescription(
        'Campaigns, segments and exports. Every route needs `Authorization: Bearer <POSTROOM_API_TOKEN>`.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build();
    SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, doc), {
      jsonDocumentUrl: 'docs/openapi.json',
    });
  },
});
