import { commonEnv } from './common';
import { env } from './env-schema';
import { apiTokenSecret, trackingKeys } from './secrets';
import { templateEnv } from './template-env';
import { complianceEnv, deliveryEnv, throttleEnv } from './sender-delivery';
import { spamEnv } from './spam-env';

/** The daily limit and the rules that move it (DESIGN §1, adaptive limit). */
export const reputationEnv = {
  DEFAULT_DAILY_LIMIT: env.int(1000, 1, 100_000_000),
  MIN_DAILY_LIMIT: env.int(100, 1, 100_000_000),
  MAX_DAILY_LIMIT: env.int(50_000, 1, 100_000_000),
  LIMIT_GROW_FACTOR: env.number(1.5, 1, 10),
  LIMIT_SHRINK_FACTOR: env.number(0.5, 0.01, 1),
  GROW_MIN_USAGE: env.number(0.8, 0, 1),
  GROW_MAX_COMPLAINT_RATE: env.number(0.001, 0, 1),
  GROW_MAX_HARD_BOUNCE_RATE: env.number(0.02, 0, 1),
  SHRINK_COMPLAINT_RATE: env.number(0.003, 0, 1),
  SHRINK_HARD_BOUNCE_RATE: env.number(0.05, 0, 1),
  BLOCK_COMPLAINT_RATE: env.number(0.01, 0, 1),
  BLOCK_HARD_BOUNCE_RATE: env.number(0.1, 0, 1),
  BLOCK_MIN_DELIVERIES: env.int(100, 1, 100_000_000),
  /** The account's own errors (blocked, reputation, auth, spam refusals) in a day that block it… */
  BLOCK_ERROR_RATE: env.number(0.05, 0, 1),
  /** …when there are at least this many of them. */
  BLOCK_MIN_ERRORS: env.int(20, 1, 100_000_000),
  /** Trailing days (including the closing one) whose figures the rules weigh. */
  REPUTATION_WINDOW_DAYS: env.int(7, 1, 90),
};

// --- trust at the edge (DESIGN §7): production rules, the ops listener, rate limits ---------------
/** Read by every service. */
export const edgeEnv = {
  /** `production` refuses weak secrets (POSTROOM_API_TOKEN, TRACKING_KEYS); the Docker image sets it. */
  NODE_ENV: env.oneOf(['development', 'production', 'test'] as const, 'development'),
  /** Interface of the ops listener (`/metrics`): loopback unless a scraper elsewhere needs it. */
  OPS_HOST: env.string('127.0.0.1'),
};
/** The scheduler's API: requests per token and window (429 with Retry-After beyond). */
export const apiRateLimitEnv = {
  API_RATE_LIMIT_MAX: env.int(1200, 1, 10_000_000),
  API_RATE_LIMIT_WINDOW_MS: env.int(60_000, 1000, 86_400_000),
};
/** The tracker's clicks and unsubscribes (never the pixel): requests per client IP and window. */
export const trackerRateLimitEnv = {
  TRACKER_RATE_LIMIT_MAX: env.int(600, 1, 10_000_000),
  TRACKER_RATE_LIMIT_WINDOW_MS: env.int(60_000, 1000, 86_400_000),
  /**
   * Proxies in front of the tracker whose X-Forwarded-For is believed (the client IP the limit
   * counts by): empty for none, a number of hops, or addresses/CIDRs separated by commas.
   */
  TRACKER_TRUST_PROXY: env.trustProxy(),
};
// ---------------------------------------------------------------------------------------------------

/** The VERP return path `bounces+<token>@BOUNCE_DOMAIN`: the sender writes it, bounce takes mail for it. */
export const returnPathEnv = {
  BOUNCE_DOMAIN: env.string('bounces.postroom.local'),
};

/** One schema per app (STYLE.md §7); every variable is documented in .env.example. */
export const schedulerEnv = {
  ...commonEnv,
  ...edgeEnv,
  SCHEDULER_PORT: env.port(3000),
  SCHEDULER_OPS_PORT: env.port(3100),
  /**
   * Proxies in front of the scheduler (TLS termination) whose X-Forwarded-* is believed: then the
   * console's cookie is Secure when the client used HTTPS. Empty for none, hops, or addresses/CIDRs.
   */
  SCHEDULER_TRUST_PROXY: env.trustProxy(),
  ...apiRateLimitEnv,
  ...reputationEnv,
  POSTROOM_API_TOKEN: apiTokenSecret(),
  DISPATCH_INTERVAL_MS: env.int(200, 10, 60_000),
  DISPATCH_BATCH_SIZE: env.int(2000, 1, 100_000),
  DELIVERY_SEND_BATCH: env.int(200, 1, 1000),
  /** Deliveries dispatched but not yet settled, at most: the queue holds seconds of work, not hours. */
  DISPATCH_MAX_IN_FLIGHT: env.int(4000, 1, 10_000_000),
  REDISPATCH_AFTER_MS: env.int(60_000, 1000, 86_400_000),
  SENDING_STALE_AFTER_MS: env.int(600_000, 1000, 86_400_000),
  SUBMIT_MAX_BODY_BYTES: env.int(64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  ...templateEnv,
  /** An SMS the SMS centre took and never sent a delivery receipt for becomes `unknown` after this. */
  SMS_RECEIPT_TIMEOUT_MS: env.int(72 * 3_600_000, 1000, 30 * 86_400_000),
  ...complianceEnv,
  ...returnPathEnv,
  ...spamEnv,
};

/** Signed tokens in tracking URLs and VERP return paths; sender, tracker and bounce share them. */
export const trackingEnv = {
  /** `kid:secret[,kid:secret…]`: the first signs, all verify (rotate by prepending a new key). */
  TRACKING_KEYS: trackingKeys(),
  TRACKING_TOKEN_TTL_DAYS: env.int(365, 1, 3650),
};

export const senderEnv = {
  ...commonEnv,
  ...edgeEnv,
  SENDER_PORT: env.port(3002),
  SENDER_OPS_PORT: env.port(3102),
  ...deliveryEnv,
  ...throttleEnv,
  SMTP_POOL_SIZE: env.int(8, 1, 200),
  SMTP_TIMEOUT_MS: env.int(30_000, 100, 600_000),
  /**
   * The SMS centre, SMPP 3.4: `smpp://system_id:password@host:port` (`ssmpp://` for TLS). `npm
   * start` runs a local SMPP catcher on 2775 when this is not set.
   */
  SMS_URL: env.url('smpp://postroom:catcher@127.0.0.1:2775', ['smpp:', 'ssmpp:'], { secret: true }),
  /** Sender shown on the phone when a campaign names none: E.164, a short code or up to 11 letters. */
  SMS_FROM: env.string('Postroom'),
  /** submit_sm awaiting their answer per bind (the SMS centre's contract says how many). */
  SMS_WINDOW_SIZE: env.int(10, 1, 1000),
  /**
   * `delivery.send` messages a sender works on at once. With DELIVERY_SEND_BATCH it bounds the
   * deliveries `sending` in one process, and so what a crash can leave `unknown`.
   */
  SENDER_PREFETCH: env.int(3, 1, 1000),
  /** Deliveries of one message marked `sending` and handed to the pool together. */
  SENDING_CHUNK: env.int(200, 1, 1000),
  /** A send claim statement goes when this many ids wait, from all of the process's messages… */
  CLAIM_BATCH: env.int(200, 1, 10_000),
  /** …or this long after the first asked. */
  CLAIM_WAIT_MS: env.int(10, 0, 10_000),
  SEND_MAX_ATTEMPTS: env.int(5, 1, 50),
  RETRY_BASE_DELAY_MS: env.int(60_000, 10, 86_400_000),
  RETRY_MAX_DELAY_MS: env.int(3_600_000, 10, 86_400_000),
  /** Send outcomes are settled in one statement once this many are pending… */
  OUTCOME_FLUSH_SIZE: env.int(300, 1, 10_000),
  /** …or this long after the first of them. */
  OUTCOME_FLUSH_MS: env.int(250, 1, 10_000),
  /** The sender's lease: renewed every SENDER_HEARTBEAT_MS; lapsed after SENDER_LEASE_TTL_MS without one. */
  SENDER_LEASE_TTL_MS: env.int(10_000, 1000, 600_000),
  SENDER_HEARTBEAT_MS: env.int(2_000, 100, 60_000),
  ...trackingEnv,
  TRACKING_BASE_URL: env.url('http://127.0.0.1:3001', ['http:', 'https:']),
  ...returnPathEnv,
  /** From address of the error notices Postroom sends to campaigns' from-addresses. */
  NOTICE_FROM: env.string('Postroom <postmaster@bounces.postroom.local>'),
};

export const trackerEnv = {
  ...commonEnv,
  ...edgeEnv,
  ...trackingEnv,
  TRACKER_PORT: env.port(3001),
  TRACKER_OPS_PORT: env.port(3101),
  ...trackerRateLimitEnv,
  /** An open this soon after the send is taken for a machine (security scanners fetch at once). */
  MACHINE_OPEN_WINDOW_S: env.int(10, 0, 86_400),
  /** A click this soon after the send is a security gateway following the links on arrival. */
  MACHINE_CLICK_WINDOW_S: env.int(10, 0, 86_400),
  /** Events are written at least this often, or every TRACKING_FLUSH_MAX events. */
  TRACKING_FLUSH_MS: env.int(100, 5, 1000),
  TRACKING_FLUSH_MAX: env.int(1000, 1, 100_000),
  /** Events held while the ledger is unreachable; beyond this the oldest are dropped (and counted). */
  TRACKING_BUFFER_MAX: env.int(200_000, 1000, 10_000_000),
  /**
   * Niceness of the recorder thread (Linux; 0: as the rest): when the cores are all busy, the
   * answers go first and recording catches up when the load eases.
   */
  TRACKING_RECORDER_NICE: env.int(10, 0, 19),
};

export const bounceEnv = {
  ...commonEnv,
  ...edgeEnv,
  ...trackingEnv,
  BOUNCE_PORT: env.port(3003),
  BOUNCE_OPS_PORT: env.port(3103),
  BOUNCE_SMTP_PORT: env.port(2525),
  /** Largest inbound bounce or complaint accepted; larger ones are refused at the SMTP level. */
  BOUNCE_MAX_MESSAGE_BYTES: env.int(10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  /** Temporary failures of one address before it is blacklisted, within the window. */
  SOFT_BOUNCE_LIMIT: env.int(3, 1, 100),
  SOFT_BOUNCE_WINDOW_DAYS: env.int(7, 1, 365),
  /** A blacklist entry for soft failures expires after this many days (hard ones never do). */
  SOFT_SUPPRESSION_DAYS: env.int(30, 1, 3650),
  /** At most one error notice per campaign in this interval. */
  NOTICE_INTERVAL_MS: env.int(3_600_000, 1000, 86_400_000),
  // ── who may act on a delivery through the listener (DESIGN §7, bounce listener) ──
  ...returnPathEnv,
  /** The fixed address feedback loops report complaints to; only there does a Message-ID bind. */
  FBL_ADDRESS: env.string('fbl@bounces.postroom.local'),
  /** Open SMTP connections per client address (IPv6: per /64), within the listener's 200 in all. */
  BOUNCE_MAX_CLIENTS_PER_IP: env.int(10, 1, 200),
  /** Quarantined messages are deleted this many days after they arrived. */
  QUARANTINE_DAYS: env.int(30, 1, 3650),
};
