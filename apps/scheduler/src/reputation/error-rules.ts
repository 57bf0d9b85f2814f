import type { Decision } from './limit-rules';

/**
 * The account's own errors (`quota_days.errors`: blocked, bad reputation, auth failures, spam
 * rejections: the bounce service's `account-error` verdicts) block it as complaints do. Pure.
 */
export interface ErrorBlockSettings {
  /** Errors in one account day at or above this share of the day's attempts block the account. */
  readonly blockErrorRate: number;
  /** …and at least this many of them: a few refusals on a quiet day block no one. */
  readonly blockMinErrors: number;
  readonly shrinkFactor: number;
  readonly minLimit: number;
}

/** One account day's outcomes as the error rule reads them. */
export interface DayErrors {
  readonly delivered: number;
  readonly hardBounced: number;
  readonly errors: number;
}

/** The figures a block by errors is audited with. */
export function errorFigures(day: DayErrors): DayErrors & { attempted: number; errorRate: number } {
  const attempted = day.delivered + day.hardBounced + day.errors;
  return { ...day, attempted, errorRate: attempted > 0 ? day.errors / attempted : 0 };
}

/** Why the day's errors block the account, or undefined. */
export function errorBlockReason(day: DayErrors, s: ErrorBlockSettings): string | undefined {
  const f = errorFigures(day);
  if (f.errors < s.blockMinErrors || f.errorRate < s.blockErrorRate) return undefined;
  return `account errors ${pct(f.errorRate)} ≥ ${pct(s.blockErrorRate)} of ${f.attempted} emails in a day (${f.errors} errors: blocked, reputation, authentication or spam refusals)`;
}

/**
 * The day-close decision with the error rule applied: an active account whose closing day had
 * too many errors is blocked, its limit shrunk, whatever the complaint and bounce rules said.
 */
export function withErrorBlock(
  decision: Decision,
  current: { status: 'active' | 'blocked'; limit: number },
  day: DayErrors,
  s: ErrorBlockSettings,
): Decision {
  if (current.status === 'blocked' || decision.status === 'blocked') return decision;
  const reason = errorBlockReason(day, s);
  if (!reason) return decision;
  return {
    rule: 'block',
    status: 'blocked',
    limit: Math.max(s.minLimit, Math.floor(current.limit * s.shrinkFactor)),
    reason,
  };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}
