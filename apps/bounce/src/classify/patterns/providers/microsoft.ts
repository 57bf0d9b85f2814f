import type { Provider } from './provider';

export const microsoft: Provider = {
  name: 'microsoft',
  domains: [
    'protection.outlook.com',
    'prod.outlook.com',
    'onmicrosoft.com',
    'exchangelabs.com',
    'outlook.com',
    'hotmail.com',
    'live.com',
    'msn.com',
  ],
  // Outlook.com's own codes: "550 SC-001 (BAY004-MC1F30) Unfortunately, messages from … weren't sent"
  codeMark: /\b((?:RP|SC|DY|OU)-00\d)\b/,
  codes: [
    { code: 'RP-001', reason: 'badreputation', meaning: 'rate limit for IP/domain reputation' },
    { code: 'RP-002', reason: 'badreputation', meaning: 'per-connection rate limit for reputation' },
    { code: 'RP-003', reason: 'badreputation', meaning: 'connection limit for reputation' },
    { code: 'SC-001', reason: 'badreputation', meaning: 'policy: spam-like content or reputation' },
    { code: 'SC-002', reason: 'policyviolation', meaning: 'namespace mining' },
    { code: 'SC-003', reason: 'blocked', meaning: 'the IP looks like an open proxy/relay' },
    { code: 'SC-004', reason: 'blocked', meaning: 'complaints about mail from the IP' },
    { code: 'DY-001', reason: 'blocked', meaning: 'dynamic IP' },
    { code: 'DY-002', reason: 'virusdetected', meaning: 'compromised or virus infected sender' },
    { code: 'OU-001', reason: 'blocked', meaning: 'IP listed by Spamhaus' },
    { code: 'OU-002', reason: 'badreputation', meaning: 'spam-like content or reputation' },
  ],
  // Exchange Online's NDR texts for the 5.7.5xx-7xx "Access denied" family and its limits
  phrases: [
    {
      pattern:
        /must pass either spf or dkim validation|sender policy framework violation|does not pass dmarc verification|doesn't meet the required authentication level/i,
      reason: 'authfailure',
      meaning: '4.7.26, 5.7.23, 5.7.509, 5.7.515',
    },
    {
      pattern: /temporarily rate limited due to ip reputation/i,
      reason: 'badreputation',
      meaning: '4.7.650',
    },
    {
      pattern:
        /access denied, (?:bad helo|rejected by recipient|banned sending ip|banned sender)|does not accept email over ipv6|using customer block list|part of their network is on our block list/i,
      reason: 'blocked',
      meaning: '5.7.506, 5.7.507, 5.7.510, 5.7.511, 5.7.513, 5.7.606-649, S3150',
    },
    {
      pattern: /access denied, please try again later/i,
      status: /^4\.7\.(?:[56]\d\d|8[5-9]\d)$/,
      reason: 'blocked',
      meaning: '4.7.500-699, 4.7.850-899: suspicious activity, sending restricted for now',
    },
    {
      pattern:
        /failed mta-sts validation|starttls is required to send mail|\b(?:starttls-not-supported|certificate-expired|tlsa-invalid|dnssec-invalid|certificate-host-mismatch):/i,
      reason: 'failedstarttls',
      meaning: '4/5.4.8, 4/5.4.317, 4/5.7.5, 5.7.321-325: TLS, MTA-STS, DANE',
    },
    {
      pattern:
        /access denied, spam abuse detected|client blocked from sending from unregistered domains|sender (?:was )?not authenticated (?:by organization|for group|for mailbox|for public folder)|sender not in allowed-senders list/i,
      reason: 'rejected',
      meaning: '5.7.501-503, 5.7.750, 5.7.12, 5.7.133-136, 5.7.124',
    },
    {
      pattern: /client was not authenticated to send anonymous mail during mail from/i,
      reason: 'securityerror',
      meaning: '5.7.57',
    },
    {
      pattern: /content filter agent quarantined this message/i,
      reason: 'spamdetected',
      meaning: '5.2.1',
    },
    {
      pattern:
        /recipient thread limit exceeded|has exceeded the maximum number of connections|reached your daily limit for message recipients|has exceeded permitted limits within/i,
      reason: 'ratelimited',
      meaning: '4.3.2, 4.7.652, 5.1.90, 5.7.508',
    },
    {
      // codes RFC 3463 and our status table read otherwise: x.2.2 a full mailbox, 5.7.705 and
      // 5.7.708 a bad reputation; Microsoft documents this phrase and the next with them as limits
      pattern: /submission quota exceeded/i,
      reason: 'ratelimited',
      documentedWith: /^5\.2\.2$/,
      meaning: '5.2.2: the sender is over its sending quota',
    },
    {
      pattern:
        /recipient's per hour message receive limit|the recipient has exceeded their limit for|tenant has exceeded threshold|traffic not accepted from this ip/i,
      reason: 'ratelimited',
      documentedWith: /^5\.2\.12[12]$|^5\.7\.7[0-4]\d$/,
      meaning: '5.2.121, 5.2.122, 5.7.700-749',
    },
    { pattern: /access denied, banned recipient/i, reason: 'suspend', meaning: '5.7.505' },
    {
      pattern: /recipient address rejected: access denied/i,
      status: /^5\.7\.504$/,
      reason: 'suspend',
      meaning: '5.7.504: the recipient is not valid any more',
    },
    {
      pattern: /hosted tenant which has no mail-enabled subscriptions/i,
      reason: 'notaccept',
      meaning: '4.4.4',
    },
    {
      pattern:
        /message failed to be replicated|\(suspiciousremoteservererror\)|server busy\. please try again later from|pfa agent busy, please try again/i,
      reason: 'systemerror',
      meaning: '4.4.22-28, 4/5.4.318, 4.7.500, 4.7.700: the server side failed',
    },
    {
      pattern: /delivery not authorized, message refused/i,
      status: /^5\.7\.9\d\d$/,
      reason: 'policyviolation',
      meaning: '5.7.900-999: refused by a mail flow (transport) rule',
    },
  ],
  source:
    'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online ; https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx',
};
