import type { ConfigOf, senderEnv } from '@postroom/config';
import type { Ledger, ThrottleStore } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import type { Clock } from '@postroom/runtime';
import { Resolver } from 'node:dns/promises';
import * as os from 'node:os';
import type { Logger } from 'pino';
import { providerGroupOf } from '../throttle/provider-groups';
import { ProviderThrottle } from '../throttle/provider-throttle';
import { throttleSettingsOf } from '../throttle/throttle-config';
import { ThrottleMetrics, ThrottleReporter } from '../throttle/throttle-reporter';
import { MxGroupLookup, ThrottledTransport, type GroupLookup } from '../throttle/throttled.transport';
import { realTimer } from '../throttle/timer';
import { CachedMxLookup } from './cached-mx-lookup';
import { deliveryModeOf } from './delivery-mode';
import { DirectTransport } from './direct.transport';
import type { MailTransport } from './mail-transport';
import { isLoopback, isPublicUnicast, MxResolver } from './mx-resolver';
import { SmtpTransport } from './smtp.transport';

export interface DeliveryTransportDeps {
  readonly config: ConfigOf<typeof senderEnv>;
  readonly ledger: Ledger;
  readonly store: ThrottleStore;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** A relay's recipients are grouped by their domain's name only: no DNS on the relay path. */
const byName: GroupLookup = { groupOf: async (domain) => providerGroupOf(domain, []) };

/**
 * The sender's MAIL_TRANSPORT (DESIGN §8): direct to each recipient's MX, or through the relay;
 * per provider group throttled (always in direct mode; with THROTTLE_RELAY=on through a relay),
 * and the pauses reported to metrics and the ledger.
 */
export function deliveryTransport(deps: DeliveryTransportDeps): MailTransport {
  const c = deps.config;
  const mode = deliveryModeOf(c);
  const throttle = new ProviderThrottle(deps.clock, throttleSettingsOf(c));
  let inner: MailTransport;
  let groups: GroupLookup;
  if (mode.kind === 'direct') {
    const mx = new CachedMxLookup(
      new MxResolver(resolverOf(c), {
        acceptAddress:
          c.DIRECT_ALLOW_LOOPBACK_MX === 'true'
            ? (ip) => isLoopback(ip) || isPublicUnicast(ip)
            : isPublicUnicast,
      }),
      deps.clock,
    );
    groups = new MxGroupLookup(mx, deps.clock);
    inner = new DirectTransport({
      mx,
      heloName: c.DIRECT_HELO_NAME || os.hostname(),
      port: c.DIRECT_SMTP_PORT,
      localAddress: c.DIRECT_LOCAL_ADDRESS || undefined,
      connectTimeoutMs: c.SMTP_TIMEOUT_MS,
      greetingTimeoutMs: c.SMTP_TIMEOUT_MS,
      socketTimeoutMs: Math.max(c.SMTP_TIMEOUT_MS, 60_000),
      poolLimits: (host) => {
        const limits = throttle.limitsOf(providerGroupOf(host, [{ exchange: host, priority: 0 }]));
        return { maxConnections: limits.maxConnections, maxMessages: limits.messagesPerConnection };
      },
      clock: deps.clock,
    });
  } else {
    const relay = new SmtpTransport({
      url: mode.url,
      poolSize: c.SMTP_POOL_SIZE,
      timeoutMs: c.SMTP_TIMEOUT_MS,
    });
    if (c.THROTTLE_RELAY === 'off') {
      deps.logger.info({ mode: 'relay' }, 'delivering through the relay; it shapes per destination');
      return relay;
    }
    inner = relay;
    groups = byName;
  }
  deps.logger.info(
    { mode: mode.kind },
    `delivering ${mode.kind === 'direct' ? 'to each MX' : 'through the relay'}, throttled per provider group`,
  );
  const throttled = new ThrottledTransport(inner, throttle, groups, deps.clock, realTimer, {
    maxWaitMs: c.THROTTLE_MAX_WAIT_MS,
  });
  return new ThrottleReporter(throttled, {
    throttle,
    groups,
    store: deps.store,
    ledger: deps.ledger,
    metrics: new ThrottleMetrics(deps.metrics),
    clock: deps.clock,
    logger: deps.logger.child({ component: 'throttle' }),
  });
}

function resolverOf(c: ConfigOf<typeof senderEnv>): Resolver {
  const resolver = new Resolver({ timeout: c.DNS_TIMEOUT_MS, tries: c.DNS_TRIES });
  const servers = c.DNS_SERVERS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (servers.length > 0) resolver.setServers(servers);
  return resolver;
}
