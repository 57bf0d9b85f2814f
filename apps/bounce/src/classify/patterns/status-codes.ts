import type { Reason } from '../reasons';

/**
 * Enhanced status codes (RFC 3463, RFC 5248 registry, and the vendor codes big providers
 * document) that name a reason on their own. Codes that only say "some policy" or "some
 * problem" (x.0.0, x.7.0, x.7.1, x.5.0, x.2.0, x.4.0, x.1.0) are deliberately absent: for those
 * the wording decides. `code` is either a full code ("5.7.606") or class-free ("x.1.1").
 */
export interface StatusEntry {
  readonly code: string;
  readonly reason: Reason;
  readonly meaning: string;
}

export const STATUS_CODES: readonly StatusEntry[] = [
  { code: 'x.1.1', reason: 'userunknown', meaning: 'bad destination mailbox address' },
  { code: 'x.1.2', reason: 'hostunknown', meaning: 'bad destination system address' },
  { code: 'x.1.3', reason: 'userunknown', meaning: 'bad destination mailbox address syntax' },
  { code: 'x.1.4', reason: 'userunknown', meaning: 'destination mailbox address ambiguous' },
  { code: 'x.1.6', reason: 'hasmoved', meaning: 'destination mailbox has moved, no forwarding address' },
  { code: 'x.1.7', reason: 'rejected', meaning: "bad sender's mailbox address syntax" },
  { code: 'x.1.8', reason: 'rejected', meaning: "bad sender's system address" },
  { code: 'x.1.10', reason: 'notaccept', meaning: 'recipient address has null MX (RFC 7505)' },
  { code: 'x.2.1', reason: 'suspend', meaning: 'mailbox disabled, not accepting messages' },
  { code: 'x.2.2', reason: 'mailboxfull', meaning: 'mailbox full' },
  { code: 'x.2.3', reason: 'emailtoolarge', meaning: 'message length exceeds administrative limit' },
  { code: 'x.2.4', reason: 'systemerror', meaning: 'mailing list expansion problem' },
  { code: 'x.3.0', reason: 'systemerror', meaning: 'other or undefined mail system status' },
  { code: 'x.3.1', reason: 'systemfull', meaning: 'mail system full' },
  { code: 'x.3.2', reason: 'notaccept', meaning: 'system not accepting network messages' },
  { code: 'x.3.3', reason: 'systemerror', meaning: 'system not capable of selected features' },
  { code: 'x.3.4', reason: 'emailtoolarge', meaning: 'message too big for system' },
  { code: 'x.3.5', reason: 'systemerror', meaning: 'system incorrectly configured' },
  { code: 'x.4.1', reason: 'networkerror', meaning: 'no answer from host' },
  { code: 'x.4.2', reason: 'networkerror', meaning: 'bad connection' },
  { code: 'x.4.3', reason: 'systemerror', meaning: 'directory server failure' },
  { code: 'x.4.4', reason: 'networkerror', meaning: 'unable to route' },
  { code: 'x.4.5', reason: 'systemfull', meaning: 'mail system congestion' },
  { code: 'x.4.6', reason: 'networkerror', meaning: 'routing loop detected' },
  { code: 'x.4.7', reason: 'expired', meaning: 'delivery time expired' },
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
  { code: 'x.7.13', reason: 'suspend', meaning: 'user account disabled' },
  { code: 'x.7.14', reason: 'securityerror', meaning: 'trust relationship required' },
  { code: 'x.7.15', reason: 'policyviolation', meaning: 'priority level is too low' },
  { code: 'x.7.16', reason: 'emailtoolarge', meaning: 'message is too big for the specified priority' },
  { code: 'x.7.17', reason: 'hasmoved', meaning: 'mailbox owner has changed (RFC 7293)' },
  { code: 'x.7.18', reason: 'hasmoved', meaning: 'domain owner has changed (RFC 7293)' },
  { code: 'x.7.20', reason: 'authfailure', meaning: 'no passing DKIM signature found' },
  { code: 'x.7.21', reason: 'authfailure', meaning: 'no acceptable DKIM signature found' },
  { code: 'x.7.22', reason: 'authfailure', meaning: 'no valid author-matched DKIM signature found' },
  { code: 'x.7.23', reason: 'authfailure', meaning: 'SPF validation failed' },
  { code: 'x.7.24', reason: 'authfailure', meaning: 'SPF validation error' },
  { code: 'x.7.25', reason: 'requireptr', meaning: 'reverse DNS validation failed' },
  { code: 'x.7.26', reason: 'authfailure', meaning: 'multiple authentication checks failed' },
  { code: 'x.7.27', reason: 'rejected', meaning: 'sender address has null MX' },
  { code: 'x.7.28', reason: 'ratelimited', meaning: 'mail flood detected' },
  { code: 'x.7.29', reason: 'authfailure', meaning: 'ARC validation failure' },
  { code: 'x.7.30', reason: 'failedstarttls', meaning: 'REQUIRETLS support required' },
  // Microsoft 365 / Exchange Online
  { code: '5.1.351', reason: 'userunknown', meaning: 'Exchange: recipient not found by the next hop' },
  { code: '5.4.310', reason: 'hostunknown', meaning: 'Exchange: DNS domain does not exist' },
  { code: '5.4.312', reason: 'networkerror', meaning: 'Exchange: DNS query failed' },
  { code: '5.4.316', reason: 'networkerror', meaning: 'Exchange: message expired, connection refused' },
  { code: '5.7.509', reason: 'authfailure', meaning: 'Exchange: sending domain does not pass DMARC' },
  { code: '5.7.510', reason: 'authfailure', meaning: 'Exchange: DMARC reject policy' },
  {
    code: '5.7.515',
    reason: 'authfailure',
    meaning: 'Exchange: sending domain below the required authentication level',
  },
  {
    code: '5.7.54',
    reason: 'norelaying',
    meaning: 'Exchange: unable to relay recipient in non-accepted domain',
  },
  { code: '5.7.606', reason: 'blocked', meaning: 'Exchange: banned sending IP' },
  {
    code: '5.7.705',
    reason: 'badreputation',
    meaning: 'Exchange: tenant exceeded threshold, bad reputation',
  },
  { code: '5.7.708', reason: 'badreputation', meaning: 'Exchange: traffic not accepted from this IP' },
  {
    code: '4.7.650',
    reason: 'badreputation',
    meaning: 'Exchange: IP temporarily rate limited due to reputation',
  },
  {
    code: '4.7.651',
    reason: 'badreputation',
    meaning: 'Exchange: IP temporarily rate limited due to reputation',
  },
  { code: '4.7.500', reason: 'ratelimited', meaning: 'Exchange: server busy, try again later' },
];

const EXACT = new Map<string, Reason>();
const ANY_CLASS = new Map<string, Reason>();
for (const e of STATUS_CODES) {
  if (e.code.startsWith('x.')) ANY_CLASS.set(e.code.slice(2), e.reason);
  else EXACT.set(e.code, e.reason);
}
// Microsoft's 5.7.606-5.7.649 block list range
for (let n = 607; n <= 649; n += 1) EXACT.set(`5.7.${n}`, 'blocked');

/** The reason a status code names on its own, or null when it is generic. */
export function reasonOfStatus(status: string | null): Reason | null {
  if (!status) return null;
  return EXACT.get(status) ?? ANY_CLASS.get(status.slice(2)) ?? null;
}
