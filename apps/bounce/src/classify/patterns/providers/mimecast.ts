import type { Provider } from './provider';

export const mimecast: Provider = {
  name: 'mimecast',
  domains: ['mimecast.com', 'mimecast.co.za'],
  // a Mimecast refusal links its code list: "https://community.mimecast.com/docs/DOC-1369#550"
  signature: /\bcommunity\.mimecast\.com\/(?:docs\/DOC-1369|s\/article\/[\w-]*SMTP-Error-Codes)/i,
  // read in order: the sender-authentication refusals end in the same "envelope rejected" as a
  // block of the envelope sender
  phrases: [
    {
      pattern: /\b(?:spf|dkim|dmarc) sender invalid - envelope rejected/i,
      reason: 'authfailure',
      meaning: '550: the SPF, DKIM or DMARC check of the sender failed',
    },
    {
      pattern:
        /envelope rejected - block policy for envelope from address|administrative prohibition envelope blocked|envelope blocked - user (?:domain )?entry|rejected by header[- ]based (?:manually )?blocked senders/i,
      reason: 'rejected',
      meaning: "550: the sender is on a Blocked Senders policy or the user's block list",
    },
    {
      pattern: /anti-spoofing policy|content examination policy|host network,? not allowed/i,
      reason: 'policyviolation',
      meaning: '550/554: Anti-Spoofing, Content Examination or Geographical Restriction policy',
    },
    {
      pattern: /local ct ip reputation|internal resources? (?:is |are )?temporarily unavailable/i,
      reason: 'badreputation',
      meaning: '550, 451: poor IP reputation (or greylisting while it is checked)',
    },
    {
      pattern:
        /sender address blocked|recipient temporarily unavailable|ip temporarily blacklisted|ip in blocked list/i,
      reason: 'blocked',
      meaning: '421, 451: the sending IP is blocked',
    },
    {
      pattern: /maximum email size exceeded/i,
      reason: 'emailtoolarge',
      meaning: '554',
    },
    {
      pattern:
        /this route requires (?:encryption|tls version|high-strength ciphers)|configuration is invalid for this certificate/i,
      reason: 'failedstarttls',
      meaning: '553, 554: TLS required by a Secure Receipt policy',
    },
    { pattern: /open relay (?:is )?not allowed/i, reason: 'norelaying', meaning: '451' },
    { pattern: /account inbounds disabled/i, reason: 'notaccept', meaning: '451: inbound mail disabled' },
    {
      pattern: /mail loop detected|incorrect hostname used for inbounds/i,
      reason: 'networkerror',
      meaning: '554: more than 25 hops; 451/550: MX points at an outbound host',
    },
    {
      pattern: /account service is temporarily unavailable|exceeding outbound thread limit/i,
      reason: 'ratelimited',
      meaning: '451, 550: too many concurrent connections',
    },
    {
      pattern: /incorrect authentication data|submitter failed to authenticate/i,
      reason: 'securityerror',
      meaning: '535, 550: SMTP authentication failed',
    },
    {
      pattern: /unable to process (?:connection|command|an? email)(?: at this time)?|message ended early/i,
      reason: 'systemerror',
      meaning: '421, 451: Mimecast under load, or the message cut short',
    },
    {
      pattern: /email rejected due to security policies/i,
      reason: 'virusdetected',
      meaning: '554: a virus signature (or a spam score over the maximum)',
    },
    {
      // recipient validation (known recipients, LDAP, call forwarding) runs at RCPT TO
      pattern: /\binvalid recipient\b/i,
      reason: 'userunknown',
      meaning: '550: not a valid internal recipient',
    },
  ],
  source:
    'https://community.mimecast.com/s/article/Mimecast-SMTP-Error-Codes-842605754 ; https://mimecastsupport.zendesk.com/hc/en-us/articles/34000709564691-Policies-Mimecast-SMTP-Error-Codes',
};
