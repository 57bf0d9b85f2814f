import type { Clock } from '@postroom/runtime';
import type { MailTransport, OutgoingMail, TransportResult } from '../transports/mail-transport';
import type { MxLookup } from '../transports/direct.transport';
import { providerGroupOf, type ProviderGroup } from './provider-groups';
import type { ProviderThrottle, ThrottleTicket } from './provider-throttle';
import { throttleSignalOf } from './throttle-signal';
import type { Scheduled, Timer } from './timer';

/** The provider group of a recipient domain. */
export interface GroupLookup {
  groupOf(domain: string): Promise<ProviderGroup>;
}

/**
 * Groups by MX (providerGroupOf), remembering each domain's group for `ttlMs`; a domain whose MX
 * could not be resolved is grouped by its name and asked again next time.
 */
export class MxGroupLookup implements GroupLookup {
  private readonly known = new Map<string, { group: ProviderGroup; until: number }>();

  constructor(
    private readonly mx: MxLookup,
    private readonly clock: Clock,
    private readonly ttlMs = 10 * 60_000,
    private readonly maxDomains = 100_000,
  ) {}

  async groupOf(domain: string): Promise<ProviderGroup> {
    const now = this.clock.now().getTime();
    const hit = this.known.get(domain);
    if (hit && hit.until > now) return hit.group;
    const where = await this.mx.resolve(domain);
    const records =
      where.kind === 'targets' && !where.implicit
        ? where.targets.map((t) => ({ exchange: t.host, priority: t.preference }))
        : [];
    const group = providerGroupOf(domain, records);
    if (where.kind !== 'temporary') {
      if (this.known.size >= this.maxDomains) this.known.clear();
      this.known.set(domain, { group, until: now + this.ttlMs });
    }
    return group;
  }
}

export interface ThrottledTransportOptions {
  /**
   * A send that would wait longer than this (a group paused after deferrals) is not made: it
   * returns `not-sent` at once, so the delivery goes back to the ledger's retry instead of holding
   * a sender slot for the whole pause.
   */
  readonly maxWaitMs?: number;
}

interface Waiter {
  readonly enqueuedAt: number;
  readonly resolve: (admission: ThrottleTicket | TransportResult) => void;
}

/**
 * A MailTransport decorator (DESIGN §8): each recipient's provider group admits its sends through
 * the ProviderThrottle, in arrival order per group, and each result is reported back as a
 * throttle signal. Groups queue apart, so a paused provider never holds up another.
 */
export class ThrottledTransport implements MailTransport {
  private readonly queues = new Map<ProviderGroup, Waiter[]>();
  private readonly wakeups = new Map<ProviderGroup, { at: number; scheduled: Scheduled }>();
  private closed = false;

  constructor(
    private readonly inner: MailTransport,
    private readonly throttle: ProviderThrottle,
    private readonly groups: GroupLookup,
    private readonly clock: Clock,
    private readonly timer: Timer,
    private readonly options: ThrottledTransportOptions = {},
  ) {}

  async send(mail: OutgoingMail): Promise<TransportResult> {
    if (this.closed) return { kind: 'not-sent', reason: 'transport closed' };
    const group = await this.groups.groupOf(mail.to.slice(mail.to.lastIndexOf('@') + 1).toLowerCase());
    const admission = await this.admit(group);
    if ('kind' in admission) return admission;
    let result: TransportResult | undefined;
    try {
      result = await this.inner.send(mail);
      return result;
    } finally {
      this.throttle.release(admission, result ? throttleSignalOf(result) : 'neutral');
      this.pump(group);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const { scheduled } of this.wakeups.values()) scheduled.cancel();
    this.wakeups.clear();
    for (const queue of this.queues.values())
      for (const waiter of queue.splice(0)) waiter.resolve({ kind: 'not-sent', reason: 'transport closed' });
    this.queues.clear();
    await this.inner.close();
  }

  private admit(group: ProviderGroup): Promise<ThrottleTicket | TransportResult> {
    return new Promise((resolve) => {
      const queue = this.queues.get(group) ?? [];
      this.queues.set(group, queue);
      queue.push({ enqueuedAt: this.now(), resolve });
      this.pump(group);
    });
  }

  /** Admits from the head of the group's queue while the throttle says go, then waits for the next chance. */
  private pump(group: ProviderGroup): void {
    const queue = this.queues.get(group);
    while (queue && queue.length > 0) {
      const admission = this.throttle.acquire(group);
      if (admission.kind === 'proceed') {
        queue.shift()?.resolve(admission.ticket);
        continue;
      }
      // 'connections' has no instant: the next release pumps again
      if (admission.until) {
        const at = admission.until.getTime();
        this.giveUpPast(group, queue, at);
        if (queue.length > 0) this.wakeAt(group, at);
      }
      break;
    }
    if (queue && queue.length === 0) this.queues.delete(group);
  }

  private giveUpPast(group: ProviderGroup, queue: Waiter[], at: number): void {
    const maxWait = this.options.maxWaitMs ?? 120_000;
    const reason = `throttled: provider group ${group} waits until ${new Date(at).toISOString()}`;
    for (let i = queue.length - 1; i >= 0; i--) {
      if (at - queue[i].enqueuedAt > maxWait)
        queue.splice(i, 1)[0].resolve({ kind: 'not-sent', reason, retryAt: new Date(at) });
    }
  }

  private wakeAt(group: ProviderGroup, at: number): void {
    const current = this.wakeups.get(group);
    if (current && current.at <= at) return;
    current?.scheduled.cancel();
    const scheduled = this.timer.schedule(() => {
      this.wakeups.delete(group);
      this.pump(group);
    }, at - this.now());
    this.wakeups.set(group, { at, scheduled });
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
