import { env, type EnvVar } from './env-schema';

/** A variable that may be left empty (then `''`), checked by `check` otherwise. */
export function emptyOr(expected: string, check: (raw: string) => void, secret = false): EnvVar<string> {
  return {
    expected: `empty or ${expected}`,
    defaultValue: '',
    secret,
    parse(raw) {
      const value = raw.trim();
      if (value !== '') check(value);
      return value;
    },
  };
}

/**
 * How the sender delivers (DESIGN §8). With `SMTP_URL` set, through that relay; without it, in
 * production, straight to each recipient domain's MX; in development, to the local mail catcher.
 */
export const deliveryEnv = {
  /** Relay to send through (smtp:// or smtps://, user:password@ allowed); empty: see DELIVERY_MODE. */
  SMTP_URL: emptyOr(
    'a URL starting with smtp:// or smtps://',
    (raw) => {
      const url = new URL(raw);
      if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`protocol ${url.protocol}`);
    },
    true,
  ),
  /** auto: relay when SMTP_URL is set, else direct in production and the mail catcher in development. */
  DELIVERY_MODE: env.oneOf(['auto', 'relay', 'direct'] as const, 'auto'),
  /** Direct mode: DNS servers (`ip` or `ip:port`, comma-separated); empty: the system resolver. */
  DNS_SERVERS: emptyOr('addresses like 9.9.9.9 or 127.0.0.1:5353, comma-separated', (raw) => {
    for (const s of raw.split(','))
      if (!/^[0-9A-Fa-f.:[\]]+$/.test(s.trim())) throw new Error('not an address');
  }),
  DNS_TIMEOUT_MS: env.int(5000, 50, 60_000),
  DNS_TRIES: env.int(2, 1, 10),
  /** Direct mode: the port of the recipients' MX hosts (25; tests point it at their sinks). */
  DIRECT_SMTP_PORT: env.port(25),
  /** Direct mode: the EHLO name, this host's FQDN as its IP's PTR names it; empty: the hostname. */
  DIRECT_HELO_NAME: emptyOr('a host name', (raw) => {
    if (!/^[A-Za-z0-9.-]+$/.test(raw)) throw new Error('not a host name');
  }),
  /** Direct mode: the sending IP to bind to (the one SPF and the PTR name); empty: the system's choice. */
  DIRECT_LOCAL_ADDRESS: emptyOr('an IP address', (raw) => {
    if (!/^[0-9A-Fa-f.:]+$/.test(raw)) throw new Error('not an IP address');
  }),
  /** Direct mode: MX hosts on loopback addresses are allowed (tests only; private space never is). */
  DIRECT_ALLOW_LOOPBACK_MX: env.oneOf(['true', 'false'] as const, 'false'),
};

/** Per provider group (MX rollup): limits, back-off after 421/4.7.x, and how long a send may wait. */
export const throttleEnv = {
  THROTTLE_MAX_CONNECTIONS: env.int(5, 1, 1000),
  THROTTLE_MESSAGES_PER_CONNECTION: env.int(100, 1, 100_000),
  THROTTLE_MESSAGES_PER_MINUTE: env.int(600, 1, 10_000_000),
  /** Per group over the defaults: `google=10/100/1200,yahoo=5/20/300` (connections/per connection/per minute). */
  THROTTLE_GROUPS: emptyOr('group=connections/perConnection/perMinute, comma-separated', (raw) => {
    for (const item of raw.split(','))
      if (!/^\s*[a-z0-9:.-]+\s*=\s*\d+\/\d+\/\d+\s*$/i.test(item)) throw new Error('not group=c/m/r');
  }),
  /** Pause after a group's first deferral; doubles on each further one, up to THROTTLE_MAX_PAUSE_MS. */
  THROTTLE_PAUSE_MS: env.int(60_000, 10, 86_400_000),
  THROTTLE_MAX_PAUSE_MS: env.int(1_800_000, 10, 86_400_000),
  /** Accepted messages that win back one recovery step (a tenth of the full rate). */
  THROTTLE_RECOVERY_SUCCESSES: env.int(20, 1, 100_000),
  /** A send that would wait longer for its group goes back to the ledger's retry instead. */
  THROTTLE_MAX_WAIT_MS: env.int(10_000, 0, 3_600_000),
  /** Throttle in relay mode too (off: the relay queues and shapes per destination, and its 4xx are its own). */
  THROTTLE_RELAY: env.oneOf(['on', 'off'] as const, 'off'),
};

/**
 * The bulk-sender compliance report (scheduler, `GET /v1/accounts/:id/compliance`): the same
 * variables the sender reads, so one .env describes both: the sending IP and EHLO name of direct
 * mode (empty: a relay sends, and its SPF coverage and PTR are the relay's business), the DNS
 * servers to ask, and the DKIM keys the sender signs with.
 */
export const complianceEnv = {
  DNS_SERVERS: deliveryEnv.DNS_SERVERS,
  DNS_TIMEOUT_MS: deliveryEnv.DNS_TIMEOUT_MS,
  DNS_TRIES: deliveryEnv.DNS_TRIES,
  DIRECT_HELO_NAME: deliveryEnv.DIRECT_HELO_NAME,
  DIRECT_LOCAL_ADDRESS: deliveryEnv.DIRECT_LOCAL_ADDRESS,
  /** `domain:selector:/path/key.pem,…`: the keys the sender signs with (empty: none). */
  DKIM_KEYS: emptyOr('domain:selector:/path/to/key.pem entries, comma-separated', (raw) => {
    for (const entry of raw.split(','))
      if (entry.trim() !== '' && entry.split(':').length < 3) throw new Error('not domain:selector:path');
  }),
};
