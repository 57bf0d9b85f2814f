import { env } from './env-schema';
import { emptyOr } from './sender-delivery';

/** The optional pre-send spam check (scheduler): one rendered sample of each campaign scored by spamd. */
export const spamEnv = {
  /** `spamd://host:port` (SpamAssassin's spamd, port 783 by default); empty: no check. */
  SPAMD_URL: emptyOr('a URL like spamd://127.0.0.1:783', (raw) => {
    if (new URL(raw).protocol !== 'spamd:') throw new Error('not spamd://');
  }),
  /** A sample scoring this or more holds the campaign until an operator releases it. */
  SPAM_SCORE_HOLD: env.number(5, 0, 1000),
  SPAM_CHECK_TIMEOUT_MS: env.int(30_000, 100, 600_000),
  /** How often campaigns waiting for their check (spamd down, or just submitted) are looked at. */
  SPAM_CHECK_INTERVAL_MS: env.int(1000, 10, 600_000),
  /** The sample is rendered as the sender renders (tracked links and pixel on this base URL). */
  TRACKING_BASE_URL: env.url('http://127.0.0.1:3001', ['http:', 'https:']),
};
