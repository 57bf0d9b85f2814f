import type { Reason } from '../reasons';

/**
 * Enhanced status codes (RFC 3463, the IANA "SMTP Enhanced Status Codes" registry of RFC 5248,
 * and the vendor codes big providers document) with the reason each names. Codes that only say
 * "some policy" or "some problem" (x.0.0, x.7.0, x.7.1, x.5.0, x.2.0, x.4.0, x.1.0) are
 * deliberately absent: for those the wording decides. `code` is either a full code ("5.7.606")
 * or class-free ("x.1.1"). The class (4 or 5) says temporary or permanent, the subject (x.1
 * addressing, x.2 mailbox, x.3 mail system, x.4 network and routing, x.5 protocol, x.6 content,
 * x.7 security and policy) what failed, the detail how.
 *
 * `decisive` codes name one cause so exactly that no wording overrides them (a full mailbox,
 * a message too large, an SPF failure); the others are read unless the server's own words
 * name a more specific cause (5.1.1 comes with "refused due to recipient preferences" too).
 */
export interface StatusEntry {
  readonly code: string;
  readonly reason: Reason;
  readonly meaning: string;
  readonly decisive?: true;
}

export const STATUS_CODES: readonly StatusEntry[] = [
  { code: 'x.1.1', reason: 'userunknown', meaning: 'bad destination mailbox address' },
  { code: 'x.1.2', reason: 'hostunknown', meaning: 'bad destination system address' },
  { code: 'x.1.3', reason: 'userunknown', meaning: 'bad destination mailbox address syntax' },
  { code: 'x.1.4', reason: 'userunknown', meaning: 'destination mailbox address ambiguous' },
  {
    code: 'x.1.6',
    reason: 'hasmoved',
    meaning: 'destination mailbox has moved, no forwarding address',
    decisive: true,
  },
  { code: 'x.1.7', reason: 'rejected', meaning: "bad sender's mailbox address syntax" },
  { code: 'x.1.8', reason: 'rejected', meaning: "bad sender's system address" },
  {
    code: 'x.1.10',
    reason: 'notaccept',
    meaning: 'recipient address has null MX (RFC 7505)',
    decisive: true,
  },
  // the mailbox exists and something about it refused the message: its owner's filter, in effect
  { code: '5.2.0', reason: 'filtered', meaning: 'other or undefined mailbox status' },
  { code: 'x.2.1', reason: 'suspend', meaning: 'mailbox disabled, not accepting messages' },
  { code: 'x.2.2', reason: 'mailboxfull', meaning: 'mailbox full', decisive: true },
  {
    code: 'x.2.3',
    reason: 'emailtoolarge',
    meaning: 'message length exceeds administrative limit',
    decisive: true,
  },
  { code: 'x.2.4', reason: 'systemerror', meaning: 'mailing list expansion problem' },
  { code: 'x.3.0', reason: 'systemerror', meaning: 'other or undefined mail system status' },
  { code: 'x.3.1', reason: 'systemfull', meaning: 'mail system full' },
  { code: 'x.3.2', reason: 'notaccept', meaning: 'system not accepting network messages' },
  { code: 'x.3.3', reason: 'systemerror', meaning: 'system not capable of selected features' },
  { code: 'x.3.4', reason: 'emailtoolarge', meaning: 'message too big for system', decisive: true },
  { code: 'x.3.5', reason: 'systemerror', meaning: 'system incorrectly configured' },
  { code: 'x.4.1', reason: 'networkerror', meaning: 'no answer from host' },
  // a report that gave up on a host that never answered: the retry period ran out (RFC 3463 says
  // x.4.1 "is useful only as a persistent transient error", so a failed 4.4.1 is an expiry)
  { code: '4.4.1', reason: 'expired', meaning: 'no answer from host until the queue gave up' },
  { code: '5.4.0', reason: 'networkerror', meaning: 'other or undefined network or routing status' },
  { code: 'x.4.2', reason: 'networkerror', meaning: 'bad connection' },
  // in practice a DNS (directory) lookup that failed for now: Postfix's "Host not found, try again"
  { code: 'x.4.3', reason: 'networkerror', meaning: 'directory server failure' },
  // Postfix, Exim and qmail give 5.4.4 for a domain with no DNS record at all ("Host or domain
  // name not found"): there is no route because there is no such domain
  { code: 'x.4.4', reason: 'hostunknown', meaning: 'unable to route' },
  { code: 'x.4.5', reason: 'systemfull', meaning: 'mail system congestion' },
  { code: 'x.4.6', reason: 'networkerror', meaning: 'routing loop detected' },
  { code: 'x.4.7', reason: 'expired', meaning: 'delivery time expired', decisive: true },
  { code: 'x.5.1', reason: 'syntaxerror', meaning: 'invalid command' },
  { code: 'x.5.2', reason: 'syntaxerror', meaning: 'syntax error' },
  { code: 'x.5.3', reason: 'ratelimited', meaning: 'too many recipients' },
  { code: 'x.5.4', reason: 'syntaxerror', meaning: 'invalid command arguments' },
  { code: 'x.5.5', reason: 'syntaxerror', meaning: 'wrong protocol version' },
  { code: 'x.5.6', reason: 'syntaxerror', meaning: 'authentication exchange line too long' },
  { code: 'x.6.0', reason: 'contenterror', meaning: 'other or undefined media error' },
  { code: 'x.6.1', reason: 'contenterror', meaning: 'media not supported' },
  { code: 'x.6.2', reason: 'contenterror', meaning: 'conversion required and prohibited' },
  { code: 'x.6.3', reason: 'contenterror', meaning: 'conversion required but not supported' },
  { code: 'x.6.4', reason: 'contenterror', meaning: 'conversion with loss performed' },
  { code: 'x.6.5', reason: 'contenterror', meaning: 'conversion failed' },
  { code: 'x.6.6', reason: 'contenterror', meaning: 'message content not available' },
  { code: 'x.6.7', reason: 'notcompliantrfc', meaning: 'non-ASCII addresses not permitted' },
  { code: 'x.6.8', reason: 'notcompliantrfc', meaning: 'UTF-8 string reply required' },
  { code: 'x.6.9', reason: 'notcompliantrfc', meaning: 'UTF-8 header message cannot be transferred' },
  { code: 'x.7.3', reason: 'securityerror', meaning: 'security conversion required but not possible' },
  { code: 'x.7.4', reason: 'securityerror', meaning: 'security features not supported' },
  { code: 'x.7.5', reason: 'securityerror', meaning: 'cryptographic failure' },
  { code: 'x.7.6', reason: 'securityerror', meaning: 'cryptographic algorithm not supported' },
  { code: 'x.7.7', reason: 'policyviolation', meaning: 'message integrity failure' },
  { code: 'x.7.8', reason: 'securityerror', meaning: 'authentication credentials invalid' },
  { code: 'x.7.9', reason: 'securityerror', meaning: 'authentication mechanism too weak' },
  { code: 'x.7.10', reason: 'failedstarttls', meaning: 'encryption needed' },
  {
    code: 'x.7.11',
    reason: 'failedstarttls',
    meaning: 'encryption required for requested authentication mechanism',
  },
  { code: 'x.7.12', reason: 'securityerror', meaning: 'password transition needed' },
  { code: 'x.7.13', reason: 'suspend', meaning: 'user account disabled', decisive: true },
  { code: 'x.7.14', reason: 'securityerror', meaning: 'trust relationship required' },
  { code: 'x.7.15', reason: 'policyviolation', meaning: 'priority level is too low' },
  { code: 'x.7.16', reason: 'emailtoolarge', meaning: 'message is too big for the specified priority' },
  { code: 'x.7.17', reason: 'hasmoved', meaning: 'mailbox owner has changed (RFC 7293)' },
  { code: 'x.7.18', reason: 'hasmoved', meaning: 'domain owner has changed (RFC 7293)' },
  { code: 'x.7.20', reason: 'authfailure', meaning: 'no passing DKIM signature found', decisive: true },
  { code: 'x.7.21', reason: 'authfailure', meaning: 'no acceptable DKIM signature found', decisive: true },
  {
    code: 'x.7.22',
    reason: 'authfailure',
    meaning: 'no valid author-matched DKIM signature found',
    decisive: true,
  },
  { code: 'x.7.23', reason: 'authfailure', meaning: 'SPF validation failed', decisive: true },
  { code: 'x.7.24', reason: 'authfailure', meaning: 'SPF validation error', decisive: true },
  { code: 'x.7.25', reason: 'requireptr', meaning: 'reverse DNS validation failed', decisive: true },
  { code: 'x.7.26', reason: 'authfailure', meaning: 'multiple authentication checks failed', decisive: true },
  { code: 'x.7.27', reason: 'rejected', meaning: 'sender address has null MX', decisive: true },
  { code: 'x.7.28', reason: 'ratelimited', meaning: 'mail flood detected' },
  { code: 'x.7.29', reason: 'authfailure', meaning: 'ARC validation failure', decisive: true },
  { code: 'x.7.30', reason: 'failedstarttls', meaning: 'REQUIRETLS support required' },
  // Microsoft 365 / Exchange Online: each names one cause exactly

  {
    code: '5.1.351',
    reason: 'userunknown',
    meaning: 'Exchange: recipient not found by the next hop',
    decisive: true,
  },
  { code: '5.4.310', reason: 'hostunknown', meaning: 'Exchange: DNS domain does not exist', decisive: true },
  { code: '5.4.312', reason: 'networkerror', meaning: 'Exchange: DNS query failed', decisive: true },
  {
    code: '5.4.316',
    reason: 'networkerror',
    meaning: 'Exchange: message expired, connection refused',
    decisive: true,
  },
  {
    code: '5.7.509',
    reason: 'authfailure',
    meaning: 'Exchange: sending domain does not pass DMARC',
    decisive: true,
  },
  { code: '5.7.510', reason: 'authfailure', meaning: 'Exchange: DMARC reject policy', decisive: true },
  {
    code: '5.7.515',
    reason: 'authfailure',
    meaning: 'Exchange: sending domain below the required authentication level',
    decisive: true,
  },
  {
    code: '5.7.54',
    reason: 'norelaying',
    meaning: 'Exchange: unable to relay recipient in non-accepted domain',
    decisive: true,
  },
  { code: '5.7.511', reason: 'blocked', meaning: 'Exchange: banned sender', decisive: true },
  { code: '5.7.606', reason: 'blocked', meaning: 'Exchange: banned sending IP', decisive: true },
  {
    code: '5.7.705',
    reason: 'badreputation',
    meaning: 'Exchange: tenant exceeded threshold, bad reputation',
    decisive: true,
  },
  {
    code: '5.7.708',
    reason: 'badreputation',
    meaning: 'Exchange: traffic not accepted from this IP',
    decisive: true,
  },
  {
    code: '4.7.650',
    reason: 'badreputation',
    meaning: 'Exchange: IP temporarily rate limited due to reputation',
    decisive: true,
  },
  {
    code: '4.7.651',
    reason: 'badreputation',
    meaning: 'Exchange: IP temporarily rate limited due to reputation',
    decisive: true,
  },
  {
    code: '4.7.500',
    reason: 'ratelimited',
    meaning: 'Exchange: server busy, try again later',
    decisive: true,
  },
];

const EXACT = new Map<string, StatusEntry>();
const ANY_CLASS = new Map<string, StatusEntry>();
for (const e of STATUS_CODES) {
  if (e.code.startsWith('x.')) ANY_CLASS.set(e.code.slice(2), e);
  else EXACT.set(e.code, e);
}
// Microsoft's 5.7.606-5.7.649 block list range
for (let n = 607; n <= 649; n += 1) {
  EXACT.set(`5.7.${n}`, {
    code: `5.7.${n}`,
    reason: 'blocked',
    meaning: 'Exchange: banned sending IP',
    decisive: true,
  });
}

/** The table's entry for a status code, or null when the code is generic or unknown. */
export function statusEntry(status: string | null): StatusEntry | null {
  if (!status) return null;
  return EXACT.get(status) ?? ANY_CLASS.get(status.slice(2)) ?? null;
}

/** The reason a status code names on its own, or null when it is generic. */
export function reasonOfStatus(status: string | null): Reason | null {
  return statusEntry(status)?.reason ?? null;
}
