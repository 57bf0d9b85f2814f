/** One line of the report: what was checked, how it stands, why, and what to do about it. */
export interface ComplianceCheck {
  readonly check: CheckName;
  readonly status: CheckStatus;
  readonly detail: string;
  /** What the operator should change; empty when nothing. */
  readonly fix: string;
}

export type CheckStatus = 'pass' | 'warn' | 'fail';

export type CheckName =
  | 'spf-record'
  | 'spf-covers-ip'
  | 'dkim-key'
  | 'dkim-key-match'
  | 'dmarc-policy'
  | 'dmarc-alignment'
  | 'ptr-fcrdns'
  | 'one-click-unsubscribe'
  | 'complaint-rate-7d'
  | 'complaint-rate-30d';

export const pass = (check: CheckName, detail: string): ComplianceCheck => ({
  check,
  status: 'pass',
  detail,
  fix: '',
});
export const warn = (check: CheckName, detail: string, fix: string): ComplianceCheck => ({
  check,
  status: 'warn',
  detail,
  fix,
});
export const fail = (check: CheckName, detail: string, fix: string): ComplianceCheck => ({
  check,
  status: 'fail',
  detail,
  fix,
});

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

/** The worst status of a list (pass when empty). */
export function worst(checks: readonly ComplianceCheck[]): CheckStatus {
  return checks.reduce<CheckStatus>((w, c) => (RANK[c.status] > RANK[w] ? c.status : w), 'pass');
}
