import { commonEnv } from './common';
import { env } from './env-schema';

/** One schema per app (STYLE.md §7); every variable is documented in .env.example. */
export const schedulerEnv = {
  ...commonEnv,
  SCHEDULER_PORT: env.port(3000),
  DEFAULT_DAILY_LIMIT: env.int(1000, 1, 10_000_000),
  POSTROOM_API_TOKEN: env.string(undefined, { secret: true, minLength: 16 }),
  DISPATCH_INTERVAL_MS: env.int(200, 10, 60_000),
  DISPATCH_BATCH_SIZE: env.int(2000, 1, 100_000),
  DELIVERY_SEND_BATCH: env.int(50, 1, 1000),
  REDISPATCH_AFTER_MS: env.int(60_000, 1000, 86_400_000),
  SENDING_STALE_AFTER_MS: env.int(600_000, 1000, 86_400_000),
  SUBMIT_MAX_BODY_BYTES: env.int(64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
};

export const senderEnv = {
  ...commonEnv,
  SENDER_PORT: env.port(3002),
  SMTP_URL: env.url('smtp://127.0.0.1:1025', ['smtp:', 'smtps:'], { secret: true }),
  SMTP_POOL_SIZE: env.int(8, 1, 200),
  SMTP_TIMEOUT_MS: env.int(30_000, 100, 600_000),
  SENDER_PREFETCH: env.int(8, 1, 1000),
  SEND_MAX_ATTEMPTS: env.int(5, 1, 50),
  RETRY_BASE_DELAY_MS: env.int(60_000, 10, 86_400_000),
  RETRY_MAX_DELAY_MS: env.int(3_600_000, 10, 86_400_000),
  OUTCOME_FLUSH_MS: env.int(20, 1, 10_000),
  TRACKING_BASE_URL: env.url('http://127.0.0.1:3001', ['http:', 'https:']),
  BOUNCE_DOMAIN: env.string('bounces.postroom.local'),
};

export const trackerEnv = {
  ...commonEnv,
  TRACKER_PORT: env.port(3001),
};

export const bounceEnv = {
  ...commonEnv,
  BOUNCE_PORT: env.port(3003),
  BOUNCE_SMTP_PORT: env.port(2525),
};
