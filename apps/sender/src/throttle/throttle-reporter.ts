import type { Ledger, ThrottledGroupRow, ThrottleStore } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import type { Clock } from '@postroom/runtime';
import { Counter, Gauge } from 'prom-client';
import type { Logger } from 'pino';
import type { MailTransport, OutgoingMail, TransportResult } from '../transports/mail-transport';
import type { ProviderThrottle } from './provider-throttle';
import { throttleSignalOf } from './throttle-signal';
import type { GroupLookup } from './throttled.transport';

/** The throttle's state as Prometheus sees it; only groups off full speed carry a label. */
export class ThrottleMetrics {
  readonly deferrals: Counter<'group'>;
  readonly turnedAway: Counter<'group'>;
  private readonly rate: Gauge<'group'>;
  private readonly pausedUntil: Gauge<'group'>;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.deferrals = new Counter({
      name: 'postroom_provider_deferrals_total',
      help: 'Sends a provider group answered with 421 or a 4xx rate limit (each slows the group)',
      labelNames: ['group'] as const,
      registers,
    });
    this.turnedAway = new Counter({
      name: 'postroom_provider_throttled_total',
      help: 'Sends not made because their provider group was paused longer than THROTTLE_MAX_WAIT_MS (retried later)',
      labelNames: ['group'] as const,
      registers,
    });
    this.rate = new Gauge({
      name: 'postroom_provider_group_rate_per_minute',
      help: 'Messages per minute a slowed provider group is admitted at now (groups at full speed are not listed)',
      labelNames: ['group'] as const,
      registers,
    });
    this.pausedUntil = new Gauge({
      name: 'postroom_provider_group_paused_until_seconds',
      help: 'Unix time a paused provider group resumes at',
      labelNames: ['group'] as const,
      registers,
    });
  }

  /** Replaces the gauges with the throttle's groups that are off full speed now. */
  show(throttle: ProviderThrottle): void {
    this.rate.reset();
    this.pausedUntil.reset();
    for (const s of throttle.state()) {
      if (s.rate >= s.fullRate && !s.until) continue;
      this.rate.set({ group: s.group }, s.rate);
      if (s.until) this.pausedUntil.set({ group: s.group }, s.until.getTime() / 1000);
    }
  }
}

export interface ThrottleReporterDeps {
  readonly throttle: ProviderThrottle;
  readonly groups: GroupLookup;
  readonly store: ThrottleStore;
  readonly ledger: Ledger;
  readonly metrics: ThrottleMetrics;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Around the ThrottledTransport: when a send meets a paused provider group (its 421 slowed the
 * group, or the group turned it away), the pause is written to the ledger for the campaign view
 * (`throttled: [{group, until}]`), batched: one statement per `flushMs` at most, whatever the
 * number of sends.
 */
export class ThrottleReporter implements MailTransport {
  private readonly pending = new Map<string, ThrottledGroupRow>();
  private readonly timer: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: MailTransport,
    private readonly deps: ThrottleReporterDeps,
    flushMs = 500,
  ) {
    this.timer = setInterval(() => {
      this.deps.metrics.show(this.deps.throttle);
      void this.flush();
    }, flushMs);
    this.timer.unref();
  }

  async send(mail: OutgoingMail): Promise<TransportResult> {
    const result = await this.inner.send(mail);
    const deferred = throttleSignalOf(result) === 'deferred';
    const turnedAway = result.kind === 'not-sent' && result.reason.startsWith('throttled:');
    if (deferred || turnedAway) await this.note(mail, deferred);
    return result;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.inner.close();
    await this.flush();
  }

  /** Writes what is pending (joins a write in progress first: one writer at a time). */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (this.pending.size === 0) return;
      const rows = [...this.pending.values()];
      this.pending.clear();
      try {
        await this.deps.store.record(this.deps.ledger, rows, this.deps.clock.now());
      } catch (err) {
        // the view is a report, not the throttle: the sender goes on, and the next pause writes again
        this.deps.logger.warn({ err, rows: rows.length }, 'could not record throttled provider groups');
      }
    });
    return this.writing;
  }

  private async note(mail: OutgoingMail, deferred: boolean): Promise<void> {
    const domain = mail.to.slice(mail.to.lastIndexOf('@') + 1).toLowerCase();
    const group = await this.deps.groups.groupOf(domain);
    (deferred ? this.deps.metrics.deferrals : this.deps.metrics.turnedAway).inc({ group });
    const state = this.deps.throttle.stateOf(group);
    if (!mail.campaignId || !state?.until) return;
    const key = `${mail.campaignId} ${group}`;
    const known = this.pending.get(key);
    if (known && known.until >= state.until) return;
    this.pending.set(key, {
      campaignId: mail.campaignId,
      group,
      until: state.until,
      rate: state.rate,
      fullRate: state.fullRate,
      deferrals: state.deferrals,
    });
  }
}
