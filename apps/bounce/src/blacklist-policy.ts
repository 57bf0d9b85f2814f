import type { Reason } from './classify';

/** What a classified failure means for the recipient's address and for the account. */
export type Verdict =
  /** The address is gone, its domain is broken, or it was blocked: never send to it again. */
  | { action: 'blacklist-now'; counts: 'hard-bounce' }
  /** The recipient complained: never send to them again. */
  | { action: 'blacklist-now'; counts: 'complaint' }
  /** Temporary trouble at the recipient's end: counted; blacklisted after repeated failures. */
  | { action: 'count-soft'; counts: 'none' }
  /** The sender's or the content's fault: the recipient did nothing wrong; an account error. */
  | { action: 'account-error'; counts: 'error' }
  /** Not a failure at all (an out-of-office reply, a delivery notice). */
  | { action: 'ignore'; counts: 'none' };

const GONE: ReadonlySet<Reason> = new Set(['userunknown', 'hasmoved', 'hostunknown', 'notaccept', 'suspend']);
const SENDERS_PROBLEM: ReadonlySet<Reason> = new Set([
  'blocked',
  'badreputation',
  'requireptr',
  'authfailure',
  'rejected',
  'norelaying',
  'failedstarttls',
  'securityerror',
]);
const CONTENTS_PROBLEM: ReadonlySet<Reason> = new Set([
  'spamdetected',
  'virusdetected',
  'filtered',
  'policyviolation',
  'contenterror',
  'notcompliantrfc',
  'emailtoolarge',
]);
const NOT_A_FAILURE: ReadonlySet<Reason> = new Set(['vacation', 'delivered']);

/**
 * Pure: the blacklist rules of the bounce issue. `hard` is the classifier's permanent flag: a
 * `notaccept` answered with 4xx is temporary and only counted.
 */
export function verdictFor(reason: Reason, hard: boolean): Verdict {
  if (reason === 'feedback') return { action: 'blacklist-now', counts: 'complaint' };
  if (NOT_A_FAILURE.has(reason)) return { action: 'ignore', counts: 'none' };
  if (GONE.has(reason) && (hard || reason === 'suspend'))
    return { action: 'blacklist-now', counts: 'hard-bounce' };
  if (SENDERS_PROBLEM.has(reason) || CONTENTS_PROBLEM.has(reason))
    return { action: 'account-error', counts: 'error' };
  return { action: 'count-soft', counts: 'none' };
}

/** What a failure counts as for its delivery: each counts once per delivery, however often reported. */
export type CountedAs = 'hard-bounce' | 'complaint' | 'error' | 'soft';

/** Pure: null for what is not a failure (nothing is recorded). */
export function countedAs(verdict: Verdict): CountedAs | null {
  if (verdict.action === 'ignore') return null;
  if (verdict.action === 'count-soft') return 'soft';
  return verdict.counts;
}

/** Plain words for the error notice to the campaign's from-address. */
export const PLAIN_WORDS: Record<Reason, string> = {
  userunknown: 'the mailbox does not exist',
  hostunknown: 'the domain does not exist or receives no mail',
  hasmoved: 'the mailbox has moved',
  mailboxfull: 'the mailbox is full',
  systemfull: "the recipient's mail system is full",
  suspend: "the recipient's account is suspended",
  blocked: 'our sending server was refused',
  badreputation: "our sending server's reputation was refused",
  requireptr: 'our sending server has no valid reverse DNS',
  authfailure: 'SPF, DKIM or DMARC did not pass',
  rejected: 'the sender address was refused',
  spamdetected: 'a spam filter refused the message',
  virusdetected: 'a virus scanner refused the message',
  filtered: 'a filter refused the message',
  policyviolation: "the recipient's policy refused the message",
  securityerror: 'a security check failed',
  contenterror: 'the message headers were refused',
  notcompliantrfc: 'the message does not follow the standards',
  emailtoolarge: 'the message is too large',
  ratelimited: 'too many messages too fast',
  expired: 'delivery gave up after retrying',
  networkerror: 'a network or DNS failure',
  failedstarttls: 'an encrypted connection could not be set up',
  norelaying: 'relaying was refused',
  notaccept: 'the domain accepts no mail',
  syntaxerror: 'an SMTP command was refused',
  systemerror: "the recipient's system failed",
  mailererror: "the recipient's mail program failed",
  onhold: 'not enough information to decide',
  suppressed: "the address is on the recipient system's suppression list",
  undefined: 'an unknown failure',
  feedback: 'the recipient marked the message as spam',
  vacation: 'an out-of-office reply',
  delivered: 'delivered',
};
