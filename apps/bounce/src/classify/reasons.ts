/**
 * The reason taxonomy of test/fixtures/bounces/README.md and its hard/soft rule. Reason names are
 * stored in the ledger and shown to operators: never rename one.
 */
export const REASONS = [
  'userunknown',
  'hostunknown',
  'hasmoved',
  'mailboxfull',
  'systemfull',
  'suspend',
  'blocked',
  'badreputation',
  'requireptr',
  'authfailure',
  'rejected',
  'spamdetected',
  'virusdetected',
  'filtered',
  'policyviolation',
  'securityerror',
  'contenterror',
  'notcompliantrfc',
  'emailtoolarge',
  'ratelimited',
  'expired',
  'networkerror',
  'failedstarttls',
  'norelaying',
  'notaccept',
  'syntaxerror',
  'systemerror',
  'mailererror',
  'onhold',
  'suppressed',
  'undefined',
  'feedback',
  'vacation',
  'delivered',
] as const;

export type Reason = (typeof REASONS)[number];

export function isReason(value: string): value is Reason {
  return (REASONS as readonly string[]).includes(value);
}

const ALWAYS_HARD: ReadonlySet<Reason> = new Set(['userunknown', 'hostunknown', 'hasmoved']);

/**
 * Hard means permanent: the address (or its domain) is gone. `userunknown`, `hostunknown` and
 * `hasmoved` always are; `notaccept` is unless the reply or status says the failure is
 * temporary (4xx); nothing else is, and `feedback`, `vacation` and `delivered` are not failures.
 */
export function isHard(reason: Reason, status: string | null, reply: string | null): boolean {
  if (ALWAYS_HARD.has(reason)) return true;
  if (reason !== 'notaccept') return false;
  const temporary = (status !== null && status.startsWith('4')) || (reply !== null && reply.startsWith('4'));
  return !temporary;
}
