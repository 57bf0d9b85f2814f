import type { Provider } from './provider';

export const yahoo: Provider = {
  name: 'yahoo',
  domains: [
    'yahoo.com',
    'yahoodns.net',
    'ymail.com',
    'rocketmail.com',
    'yahoo.co.uk',
    'yahoo.fr',
    'yahoo.de',
    'yahoo.es',
    'yahoo.it',
    'yahoo.ca',
    'yahoo.com.br',
  ],
  // a reply links the section of the Sender Hub page that explains it
  // ("See https://senders.yahooinc.com/smtp-error-codes#authentication-failures")
  codeMark: /\bsenders\.yahooinc\.com\/smtp-error-codes\/?#([a-z-]+)/i,
  codesAlone: true,
  // …and every refusal links the page: "see https://postmaster.yahooinc.com/error-codes"
  signature: /\b(?:postmaster|senders)\.yahooinc\.com\/(?:smtp-)?error-codes\b/i,
  codes: [
    { code: 'dmarc-fail', reason: 'authfailure', meaning: "failed the sending domain's DMARC policy" },
    { code: 'authentication-failures', reason: 'authfailure', meaning: 'failed SPF or DKIM checks' },
    {
      code: 'rfc-compliance-failures',
      reason: 'notcompliantrfc',
      meaning: 'headers or MIME not compliant',
    },
    {
      code: 'invalid-from',
      reason: 'rejected',
      meaning: 'the MAIL FROM or header From domain is not valid',
    },
    { code: 'unresolvable-from-domain', reason: 'rejected', meaning: 'no SOA for the sender domain' },
    { code: 'user-complaints', reason: 'badreputation', meaning: 'excessive user complaints' },
    { code: 'unsolicited-messages', reason: 'blocked', meaning: 'IP sends unsolicited bulk volume' },
    { code: 'unknown-recipients', reason: 'blocked', meaning: 'IP sends to many invalid recipients' },
    { code: 'ph-errors', reason: 'policyviolation', meaning: 'content Yahoo refuses by policy' },
    { code: 'resources-temporarily-unavailable', reason: 'systemerror', meaning: 'Yahoo servers busy' },
    { code: 'other-policy-errors', reason: 'policyviolation', meaning: 'null MX, big headers, bad dates…' },
  ],
  phrases: [
    {
      // [TS03], [TSS09]: the sending IP, whatever the command it answered
      pattern: /\ball messages from \S+ (?:will be )?permanently deferred/i,
      reason: 'blocked',
      meaning: 'unusual traffic, complaints or volume from the IP',
    },
    {
      pattern: /unresolvable rfc\.?532[12] from domain/i,
      reason: 'rejected',
      meaning: 'the MAIL FROM or header From domain has no SOA',
    },
    {
      pattern: /\bresources temporarily unavailable\b/i,
      reason: 'systemerror',
      meaning: 'Yahoo servers busy at connection time',
    },
  ],
  source: 'https://senders.yahooinc.com/smtp-error-codes/ ; https://help.yahoo.com/kb/SLN3436.html ([TS03])',
};
