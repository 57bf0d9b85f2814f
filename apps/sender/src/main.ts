import { bootstrap } from '@postroom/runtime';
import { senderAppEnv } from './sender-env';
import { SenderModule } from './sender.module';

void bootstrap({
  service: 'sender',
  schema: senderAppEnv,
  port: (c) => c.SENDER_PORT,
  opsPort: (c) => c.SENDER_OPS_PORT,
  consumers: (c) => ({ 'sender.delivery-send': { prefetch: c.SENDER_PREFETCH } }),
  module: ({ config, logger, ledger, broker }) =>
    SenderModule.forRoot({ service: 'sender', config, logger, ledger, broker }),
});
