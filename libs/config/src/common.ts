import { env } from './env-schema';

/** Variables every Postroom service reads. */
export const commonEnv = {
  DATABASE_URL: env.url('postgres://root@127.0.0.1:5432/postroom', ['postgres:', 'postgresql:'], {
    secret: true,
  }),
  AMQP_URL: env.url('amqp://guest:guest@127.0.0.1:5672', ['amqp:', 'amqps:'], { secret: true }),
  /** Prefix of every exchange and queue name; tests give each run its own. */
  AMQP_NAMESPACE: env.string('postroom'),
  LOG_LEVEL: env.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
  /** Interface the HTTP servers bind to. */
  HTTP_HOST: env.string('127.0.0.1'),
};
