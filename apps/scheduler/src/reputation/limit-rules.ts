/**
 * The adaptive daily limit as pure functions over plain numbers (STYLE.md §6): no database,
 * no clock. The scheduler feeds them the ledger's counts and records what they decide.
 */

export interface ReputationSettings {
  readonly minLimit: number;
  readonly maxLimit: number;
  readonly growFactor: number;
  readonly shrinkFactor: number;
  readonly growMinUsage: number;
  readonly growMaxComplaintRate: number;
  readonly growMaxHardBounceRate: number;
  readonly shrinkComplaintRate: number;
  readonly shrinkHardBounceRate: number;
  readonly blockComplaintRate: number;
  readonly blockHardBounceRate: number;
  readonly blockMinDeliveries: number;
}

/** Outcomes of one day or a window of days. */
export interface Counts {
  /** Accepted by the receiving server. */
  readonly delivered: number;
  readonly hardBounced: number;
  readonly complaints: number;
}

export type AccountStatus = 'active' | 'blocked';
export type Rule = 'grow' | 'shrink' | 'keep' | 'block' | 'stay-blocked';

export interface Decision {
  readonly rule: Rule;
  readonly status: AccountStatus;
  readonly limit: number;
  readonly reason: string;
}

export interface Rates {
  readonly complaintRate: number;
  readonly hardBounceRate: number;
  /** Emails whose fate is known: delivered plus hard-bounced. */
  readonly attempted: number;
}

export function rates(c: Counts): Rates {
  const attempted = c.delivered + c.hardBounced;
  return {
    attempted,
    complaintRate: c.delivered > 0 ? c.complaints / c.delivered : c.complaints > 0 ? 1 : 0,
    hardBounceRate: attempted > 0 ? c.hardBounced / attempted : 0,
  };
}

export function clampLimit(limit: number, s: ReputationSettings): number {
  return Math.min(s.maxLimit, Math.max(s.minLimit, Math.floor(limit)));
}

/**
 * Whether the running figures cross the block lines: complaint rate or hard-bounce rate at or
 * above their block threshold, with at least `blockMinDeliveries` emails in the window so a
 * few unlucky emails block no one. Checked during the day and at day close.
 */
export function blockReason(window: Counts, s: ReputationSettings): string | undefined {
  const r = rates(window);
  if (r.attempted < s.blockMinDeliveries) return undefined;
  if (r.complaintRate >= s.blockComplaintRate) {
    return `complaint rate ${pct(r.complaintRate)} ≥ ${pct(s.blockComplaintRate)} over ${r.attempted} emails`;
  }
  if (r.hardBounceRate >= s.blockHardBounceRate) {
    return `hard-bounce rate ${pct(r.hardBounceRate)} ≥ ${pct(s.blockHardBounceRate)} over ${r.attempted} emails`;
  }
  return undefined;
}

export interface DayCloseInput {
  readonly status: AccountStatus;
  readonly limit: number;
  /** How much of the closing day's limit was used. */
  readonly used: number;
  /** The closing day's outcomes. */
  readonly day: Counts;
  /** The trailing window, the closing day included. */
  readonly window: Counts;
}

/**
 * The next day's limit and status. A blocked account stays blocked (only an operator lifts a
 * block). Block and shrink look at the worse of the day and the window; grow needs a busy day
 * and both clean.
 */
export function decideDayClose(input: DayCloseInput, s: ReputationSettings): Decision {
  const current = clampLimit(input.limit, s);
  const shrunk = clampLimit(current * s.shrinkFactor, s);
  if (input.status === 'blocked') {
    return {
      rule: 'stay-blocked',
      status: 'blocked',
      limit: current,
      reason: 'blocked until an operator unblocks',
    };
  }
  const block = blockReason(input.window, s) ?? blockReason(input.day, s);
  if (block) return { rule: 'block', status: 'blocked', limit: shrunk, reason: block };

  // a quiet day's rate says little (one late complaint on a day with no sends would read as
  // 100%): the day counts on its own only with enough emails; the window always counts
  const dayRates = rates(input.day);
  const day =
    dayRates.attempted >= s.blockMinDeliveries
      ? dayRates
      : { ...dayRates, complaintRate: 0, hardBounceRate: 0 };
  const win = rates(input.window);
  const complaint = Math.max(day.complaintRate, win.complaintRate);
  const bounce = Math.max(day.hardBounceRate, win.hardBounceRate);
  if (complaint >= s.shrinkComplaintRate) {
    return {
      rule: 'shrink',
      status: 'active',
      limit: shrunk,
      reason: `complaint rate ${pct(complaint)} ≥ ${pct(s.shrinkComplaintRate)}`,
    };
  }
  if (bounce >= s.shrinkHardBounceRate) {
    return {
      rule: 'shrink',
      status: 'active',
      limit: shrunk,
      reason: `hard-bounce rate ${pct(bounce)} ≥ ${pct(s.shrinkHardBounceRate)}`,
    };
  }
  const usage = current > 0 ? input.used / current : 0;
  if (usage >= s.growMinUsage && complaint < s.growMaxComplaintRate && bounce < s.growMaxHardBounceRate) {
    const grown = clampLimit(current * s.growFactor, s);
    return {
      rule: grown > current ? 'grow' : 'keep',
      status: 'active',
      limit: grown,
      reason: `used ${pct(usage)} of the limit with complaint rate ${pct(complaint)} and hard-bounce rate ${pct(bounce)}`,
    };
  }
  return {
    rule: 'keep',
    status: 'active',
    limit: current,
    reason:
      usage < s.growMinUsage
        ? `used ${pct(usage)} of the limit, below ${pct(s.growMinUsage)}`
        : 'rates between grow and shrink lines',
  };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}
