import type { Clock } from '@postroom/runtime';
import type { ProviderGroup } from './provider-groups';

/** The limits of one provider group. */
export interface GroupLimits {
  /** Sends in flight at once; each holds one SMTP connection. */
  readonly maxConnections: number;
  /** Messages on one connection before it is closed and a new one opened (for the pool). */
  readonly messagesPerConnection: number;
  /** Admissions per minute at full speed, spread evenly (one every 60000/rate ms). */
  readonly messagesPerMinute: number;
}

export interface BackoffSettings {
  /** The pause after the first deferral; each further deferral before recovery doubles it. */
  readonly initialPauseMs: number;
  readonly maxPauseMs: number;
  /** Accepted messages, sent after the last slowdown, that earn one recovery step. */
  readonly successesPerStep: number;
  /** One recovery step adds this fraction of the group's full rate. */
  readonly stepFraction: number;
  /** The rate never falls below this fraction of the full rate. */
  readonly minRateFraction: number;
}

export interface ThrottleSettings {
  readonly defaults: GroupLimits;
  /** Per group, over the defaults (`google`, `microsoft`, `yahoo`, `mx:example.net`, …). */
  readonly groups: Readonly<Record<ProviderGroup, Partial<GroupLimits>>>;
  readonly backoff: BackoffSettings;
}

/**
 * Starting points, not published figures: no provider publishes its limits. They keep a new
 * sender well inside what Gmail, Outlook and Yahoo accept from a warm IP, and the back-off
 * finds the real limit: Microsoft and Yahoo answer 421 early, so they start lower and with
 * fewer messages per connection (Yahoo's TSS04/TS01 deferrals count per connection).
 */
export const DEFAULT_THROTTLE_SETTINGS: ThrottleSettings = {
  defaults: { maxConnections: 5, messagesPerConnection: 100, messagesPerMinute: 600 },
  groups: {
    google: { maxConnections: 10, messagesPerConnection: 100, messagesPerMinute: 1200 },
    microsoft: { maxConnections: 5, messagesPerConnection: 50, messagesPerMinute: 600 },
    yahoo: { maxConnections: 5, messagesPerConnection: 20, messagesPerMinute: 300 },
  },
  backoff: {
    initialPauseMs: 60_000,
    maxPauseMs: 30 * 60_000,
    successesPerStep: 20,
    stepFraction: 0.1,
    minRateFraction: 1 / 64,
  },
};

/** What the throttle learns from one finished send (see `throttleSignalOf`). */
export type ThrottleOutcome = 'accepted' | 'deferred' | 'neutral';

/** A granted admission; hand it back to `release` exactly once. */
export interface ThrottleTicket {
  readonly group: ProviderGroup;
  readonly admittedAt: number;
}

export type Admission =
  | { readonly kind: 'proceed'; readonly ticket: ThrottleTicket }
  /** `until`: the earliest instant worth asking again; undefined: when a send of the group ends. */
  | { readonly kind: 'wait'; readonly reason: 'paused' | 'rate' | 'connections'; readonly until?: Date };

/** One group as the campaign view (`throttled: {group, until}`) and metrics show it. */
export interface GroupState {
  readonly group: ProviderGroup;
  /** Paused until then after a deferral; null when not paused. */
  readonly until: Date | null;
  /** Messages per minute now. */
  readonly rate: number;
  readonly fullRate: number;
  readonly inFlight: number;
  /** Connections allowed now (scaled with the rate, at least one). */
  readonly connections: number;
  /** Deferrals since the group last ran at full rate. */
  readonly deferrals: number;
}

interface Group {
  readonly limits: GroupLimits;
  rate: number;
  inFlight: number;
  /** The earliest instant of the next admission (even spacing). */
  nextAt: number;
  pausedUntil: number;
  deferrals: number;
  /** Admissions before this instant answered before the slowdown took effect. */
  slowedAt: number;
  successes: number;
}

/**
 * Per-provider admission control (DESIGN §8), pure over an injected clock: no timers, no I/O.
 * `acquire` says go or wait; `release` reports how the send went. A deferral (421, 4.7.x, "try
 * again later") halves the group's rate and pauses it, the pause doubling on each further
 * deferral until the group has recovered; accepted messages sent after the slowdown win the rate
 * back step by step. Groups share nothing, so one provider's back-off never slows another.
 */
export class ProviderThrottle {
  private readonly groups = new Map<ProviderGroup, Group>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: ThrottleSettings = DEFAULT_THROTTLE_SETTINGS,
    /** Idle groups at full speed are forgotten past this many (each domain's `mx:` group counts). */
    private readonly maxGroups = 10_000,
  ) {}

  limitsOf(group: ProviderGroup): GroupLimits {
    return { ...this.settings.defaults, ...this.settings.groups[group] };
  }

  acquire(group: ProviderGroup): Admission {
    const now = this.now();
    const g = this.group(group, now);
    if (now < g.pausedUntil) return { kind: 'wait', reason: 'paused', until: new Date(g.pausedUntil) };
    if (g.inFlight >= this.connectionsOf(g)) return { kind: 'wait', reason: 'connections' };
    // rounded up: a waiter woken at the rounded-down millisecond would still be early
    if (now < g.nextAt) return { kind: 'wait', reason: 'rate', until: new Date(Math.ceil(g.nextAt)) };
    g.inFlight++;
    g.nextAt = now + 60_000 / g.rate;
    return { kind: 'proceed', ticket: { group, admittedAt: now } };
  }

  release(ticket: ThrottleTicket, outcome: ThrottleOutcome): void {
    const g = this.groups.get(ticket.group);
    if (!g) return;
    g.inFlight = Math.max(0, g.inFlight - 1);
    // answers to sends admitted before the last slowdown were already counted by it
    const afterSlowdown = ticket.admittedAt >= g.slowedAt;
    if (outcome === 'deferred' && afterSlowdown) this.slowDown(g);
    else if (outcome === 'accepted' && afterSlowdown) this.recover(g);
  }

  state(): GroupState[] {
    const now = this.now();
    return [...this.groups.entries()].map(([group, g]) => this.view(group, g, now));
  }

  /** One group's state, undefined for a group not seen (or forgotten at full speed). */
  stateOf(group: ProviderGroup): GroupState | undefined {
    const g = this.groups.get(group);
    return g ? this.view(group, g, this.now()) : undefined;
  }

  private view(group: ProviderGroup, g: Group, now: number): GroupState {
    return {
      group,
      until: g.pausedUntil > now ? new Date(g.pausedUntil) : null,
      rate: g.rate,
      fullRate: g.limits.messagesPerMinute,
      inFlight: g.inFlight,
      connections: this.connectionsOf(g),
      deferrals: g.deferrals,
    };
  }

  private slowDown(g: Group): void {
    const now = this.now();
    const b = this.settings.backoff;
    const full = g.limits.messagesPerMinute;
    g.deferrals++;
    g.rate = Math.max(full * b.minRateFraction, g.rate / 2);
    const pause = Math.min(b.maxPauseMs, b.initialPauseMs * 2 ** (g.deferrals - 1));
    g.pausedUntil = Math.max(g.pausedUntil, now + pause);
    g.nextAt = Math.max(g.nextAt, g.pausedUntil);
    g.slowedAt = now;
    g.successes = 0;
  }

  private recover(g: Group): void {
    const full = g.limits.messagesPerMinute;
    if (g.rate >= full) return;
    const b = this.settings.backoff;
    if (++g.successes < b.successesPerStep) return;
    g.successes = 0;
    g.rate = Math.min(full, g.rate + full * b.stepFraction);
    if (g.rate >= full) g.deferrals = 0;
  }

  private connectionsOf(g: Group): number {
    const share = g.rate / g.limits.messagesPerMinute;
    return Math.max(1, Math.floor(g.limits.maxConnections * share));
  }

  private group(name: ProviderGroup, now: number): Group {
    let g = this.groups.get(name);
    if (g) return g;
    if (this.groups.size >= this.maxGroups) this.forgetIdle(now);
    const limits = this.limitsOf(name);
    g = {
      limits,
      rate: limits.messagesPerMinute,
      inFlight: 0,
      nextAt: now,
      pausedUntil: 0,
      deferrals: 0,
      slowedAt: -Infinity,
      successes: 0,
    };
    this.groups.set(name, g);
    return g;
  }

  // a forgotten group starts afresh at full speed, so only groups in that state already go
  private forgetIdle(now: number): void {
    for (const [name, g] of this.groups) {
      if (g.inFlight === 0 && g.rate >= g.limits.messagesPerMinute && g.pausedUntil <= now && g.nextAt <= now)
        this.groups.delete(name);
    }
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
